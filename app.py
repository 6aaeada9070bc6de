"""Serve the accordingto chat: ``python app.py [--host H] [--port P] [--index DIR]``."""

from accordingto.web import main

if __name__ == "__main__":
    main()
