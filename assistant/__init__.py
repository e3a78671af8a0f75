"""sendqa: cited question answering over English SEND inspection documents."""

__version__ = "0.1.0"
