"""Renderers: the Jinja environment (context.py), document tree to HTML/PDF (html.py, pdf.py) and to DOCX (docx.py)."""
