// sendqa page behaviour: open a cited passage inside its whole document, preview a citation
// on hover or focus, copy an answer as plain text. Delegated from the document, so it works on
// whatever HTML the server renders into the Gradio page.
(function () {
  "use strict";
  if (window.sendqaReady) return;
  window.sendqaReady = true;
  var lastTrigger = null;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function panel() {
    var box = document.getElementById("sendqa-docpanel");
    if (box) return box;
    box = el("aside", { id: "sendqa-docpanel", role: "dialog", "aria-label": "Document",
                        tabindex: "-1", hidden: "" });
    var head = el("div", { class: "sendqa-panel-head" });
    var close = el("button", { type: "button", class: "sendqa-close",
                               "aria-label": "Close the document" }, "Close ✕");
    close.addEventListener("click", closePanel);
    head.appendChild(el("h2", { id: "sendqa-doc-title" }, ""));
    head.appendChild(close);
    box.appendChild(head);
    box.appendChild(el("p", { id: "sendqa-doc-meta", class: "sendqa-meta" }, ""));
    box.appendChild(el("p", { id: "sendqa-doc-links" }));
    box.appendChild(el("div", { id: "sendqa-doc-text", class: "sendqa-doc-text" }));
    document.body.appendChild(box);
    return box;
  }

  function closePanel() {
    var box = document.getElementById("sendqa-docpanel");
    if (box) box.hidden = true;
    if (lastTrigger && document.body.contains(lastTrigger)) lastTrigger.focus();
  }

  function openDoc(docId, chunkId, trigger) {
    lastTrigger = trigger || null;
    var box = panel();
    var title = document.getElementById("sendqa-doc-title");
    var body = document.getElementById("sendqa-doc-text");
    var links = document.getElementById("sendqa-doc-links");
    title.textContent = "Opening the document…";
    body.textContent = "";
    links.textContent = "";
    box.hidden = false;
    var url = "/api/documents/" + encodeURIComponent(docId) + "/view" +
      (chunkId ? "?chunk_id=" + encodeURIComponent(chunkId) : "");
    fetch(url).then(function (r) {
      if (!r.ok) throw new Error("The document could not be opened (" + r.status + ").");
      return r.json();
    }).then(function (view) {
      title.textContent = view.title;
      document.getElementById("sendqa-doc-meta").textContent =
        view.area + " · " + view.kind + " · " + view.date_text;
      if (view.file_url) {
        links.appendChild(el("a", { href: view.file_url, target: "_blank", rel: "noopener",
                                    id: "sendqa-doc-file" }, "Open the original file"));
      }
      var hit = null;
      view.parts.forEach(function (part) {
        if (part.highlight) {
          hit = el("mark", { id: "sendqa-hit", tabindex: "-1" }, part.text);
          body.appendChild(hit);
        } else {
          body.appendChild(document.createTextNode(part.text));
        }
      });
      box.setAttribute("aria-label", view.title);
      if (hit) {
        hit.scrollIntoView({ block: "center" });
        hit.focus({ preventScroll: true });
      } else {
        box.scrollTop = 0;
        box.focus();
      }
    }).catch(function (err) { title.textContent = err.message; box.focus(); });
  }

  function preview() {
    var tip = document.getElementById("sendqa-preview");
    if (!tip) {
      tip = el("div", { id: "sendqa-preview", role: "tooltip", hidden: "" });
      document.body.appendChild(tip);
    }
    return tip;
  }

  function showPreview(link) {
    var text = link.getAttribute("data-passage");
    if (!text) return;
    var tip = preview();
    tip.textContent = (link.getAttribute("data-label") || "") + "\n" +
      (text.length > 420 ? text.slice(0, 420) + "…" : text);
    tip.hidden = false;
    var r = link.getBoundingClientRect();
    var width = Math.min(420, window.innerWidth - 16);
    tip.style.width = width + "px";
    tip.style.left = Math.max(8, Math.min(r.left, window.innerWidth - width - 8)) + "px";
    tip.style.top = (window.scrollY + r.bottom + 6) + "px";
    link.setAttribute("aria-describedby", "sendqa-preview");
  }

  function hidePreview() {
    var tip = document.getElementById("sendqa-preview");
    if (tip) tip.hidden = true;
  }

  function copy(button) {
    var text = button.getAttribute("data-copy") || "";
    var done = function () {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = "Copy answer"; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done);
    } else {
      var area = el("textarea", {}, text);
      document.body.appendChild(area);
      area.select();
      document.execCommand("copy");
      area.remove();
      done();
    }
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-open-doc], .sendqa-copy") : null;
    if (!target) return;
    event.preventDefault();
    if (target.classList.contains("sendqa-copy")) { copy(target); return; }
    hidePreview();
    openDoc(target.getAttribute("data-open-doc"), target.getAttribute("data-chunk"), target);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { hidePreview(); closePanel(); }
    // Rows of a table that open a passage: Enter opens them, as a link would.
    if (event.key === "Enter" && event.target.matches && event.target.matches("tr[data-open-doc]")) {
      openDoc(event.target.getAttribute("data-open-doc"), event.target.getAttribute("data-chunk"),
              event.target);
    }
  });
  ["mouseover", "focusin"].forEach(function (kind) {
    document.addEventListener(kind, function (event) {
      var link = event.target.closest ? event.target.closest(".sendqa-cite") : null;
      if (link) showPreview(link);
    });
  });
  ["mouseout", "focusout"].forEach(function (kind) {
    document.addEventListener(kind, function (event) {
      var link = event.target.closest ? event.target.closest(".sendqa-cite") : null;
      if (link) hidePreview();
    });
  });
})();
