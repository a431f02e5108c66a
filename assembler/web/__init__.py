"""`assemble serve`: a local web page over a folder of term sheets (the optional extra `assembler[web]`).

app.py routes and pages; live.py the check and figures of each keystroke; yamledit.py form edits on the YAML text
(with yaml_style.py, scalar_in_place.py, insertion.py and schema_paths.py); deals.py the folder; builds.py builds,
thumbnails, zip and redline; security.py the middleware; serve.py the CLI entry.
"""
