"""The web app (Starlette): pages for the deals, the new-deal and edit form, the build and the changes, and the JSON
calls the page makes as you type. Every call goes through the library (load, figures, build, diff); nothing here
computes a figure or writes a document itself.
"""
from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from assembler import __version__
from assembler.errors import AssemblerError
from assembler.termsheet.securities import STRUCTURES
from assembler.termsheet.schema import term_sheet_schema
from assembler.termsheet.skeleton import skeleton
from assembler.web import builds as b
from assembler.web.deals import Deals, NotFound
from assembler.web.live import check_text, closed_days
from assembler.web.security import MAX_BODY, BodyTooLarge, Guard, new_secret
from assembler.web.signing import Signing
from assembler.web.yamledit import EditRefused, apply

STATIC = Path(__file__).resolve().parent / "static"
NEW_DEAL = "new_deal"


def create_app(folder: str | Path, output: str | Path, *, template_dirs: list[Path] | None = None,
               hosts: set[str] | None = None, password: str | None = None, token: str | None = None,
               csrf: str | None = None):
    """The ASGI app over the term sheets in `folder`, building into `output`."""
    deals = Deals(folder, output)
    builds = b.Builds(deals, template_dirs)
    signing = Signing(deals, b.PDFIUM)
    schema = term_sheet_schema()
    csrf = csrf or new_secret()
    pages = Environment(loader=PackageLoader("assembler.web", "templates"), autoescape=select_autoescape(["html"]))

    def page(template: str, **context) -> HTMLResponse:
        body = pages.get_template(template).render(csrf=csrf, version=__version__, **context)
        return HTMLResponse(body)

    async def body(request: Request) -> dict:
        try:
            data = json.loads(await request.body())
        except ValueError:
            raise EditRefused("the request is not JSON") from None
        if not isinstance(data, dict):
            raise EditRefused("the request is not a JSON object")
        return data

    # ------------------------------------------------------------------ pages
    def index(request: Request):  # a worker thread: reads every deal
        rows = []
        for name in deals.names():
            status = deals.status(name)
            last = builds.last(status.deal_id) if status.deal_id else None
            rows.append({"status": status, "findings": len(last.get("findings", [])) if last else None,
                         "signing": signing.summary(name) if status.set_hash else None})
        return page("deals.html", rows=rows, folder=shown_path(deals.folder), output=shown_path(deals.output), title="Deals",
                    structures=STRUCTURES)

    async def new(request: Request):  # /new?structure=units: the skeleton in another structure (securities.STRUCTURES)
        text = skeleton(NEW_DEAL, request.query_params.get("structure", "shares"))
        return page("edit.html", mode="new", name="", text=text, title="New deal")

    async def edit(request: Request):
        name = request.path_params["name"]
        return page("edit.html", mode="edit", name=name, text=deals.read(name), title=name)

    def build_page(request: Request):  # a worker thread: reads files, renders
        name = request.path_params["name"]
        status = deals.status(name)
        files = b.set_files(deals, status.deal_id) if status.set_hash else []
        last = builds.last(status.deal_id) if status.deal_id else None
        return page("build.html", name=name, status=status, files=files, last=last, title=f"Build {name}")

    def changes_page(request: Request):  # a worker thread: reads files, renders
        name = request.path_params["name"]
        status = deals.status(name)
        diff = b.changes(deals, status.deal_id) if status.deal_id else None
        before = deals.previous_build(status.deal_id) if diff else None
        figures = b.changed_figures(deals, status.deal_id, diff) if diff else []
        titles = b.document_titles(deals, status.deal_id) if diff else {}
        return page("changes.html", name=name, status=status, diff=diff, figures=figures, titles=titles,
                    before=before, title=f"Changes {name}")

    def signing_page(request: Request):  # a worker thread: reads files, renders
        name = request.path_params["name"]
        status = deals.status(name)
        try:
            state = signing.view(name)
        except NotFound as exc:
            state, missing = None, exc.lines()
        else:
            missing = []
        return page("signing.html", name=name, status=status, state=state, missing=missing, max_body=MAX_BODY,
                    title=f"Signatures {name}")

    def signing_file(request: Request):  # a worker thread: reads files
        name, file = request.path_params["name"], request.path_params["file"]
        path = signing.file(name, file)
        return Response(path.read_bytes(), media_type=_media(file),
                        headers={"content-disposition": f'attachment; filename="{file}"'})

    def redline(request: Request):  # a worker thread: reads files, renders
        from assembler.diff.redline import redline_html

        name, key = request.path_params["name"], request.path_params["key"]
        deal_id = deals.status(name).deal_id
        diff = b.changes(deals, deal_id)
        doc = next((d for d in diff.documents if d.key == key), None) if diff else None
        if doc is None:
            raise NotFound(f"no redline for {key}")
        text = redline_html(diff, doc, title=b.document_titles(deals, deal_id).get(key), figures=[],
                            labels=b.build_labels(deals, deal_id))  # the page above lists the changed figures
        return HTMLResponse(text, headers={
            "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"})

    def download(request: Request):  # a worker thread: reads files, renders
        name, file = request.path_params["name"], request.path_params["file"]
        path = b.set_file(deals, deals.status(name).deal_id, file)
        return Response(path.read_bytes(), media_type=_media(file),
                        headers={"content-disposition": f'attachment; filename="{file}"'})

    def download_zip(request: Request):  # a worker thread: reads files, renders
        deal_id = deals.status(request.path_params["name"]).deal_id
        return Response(b.set_zip(deals, deal_id), media_type="application/zip",
                        headers={"content-disposition": f'attachment; filename="{deal_id}.zip"'})

    def page_png(request: Request):  # a worker thread: reads files, renders
        name, file, number = (request.path_params[k] for k in ("name", "file", "page"))
        deal_id = deals.status(name).deal_id
        path = b.set_file(deals, deal_id, file)
        entry = next(e for e in b.set_files(deals, deal_id) if e["name"] == file)
        return Response(b.thumbnail(path, entry["sha256"], number), media_type="image/png",
                        headers={"cache-control": "private, max-age=3600"})

    # ------------------------------------------------------------------ JSON calls
    async def api_schema(request: Request):
        return JSONResponse(schema)

    async def api_check(request: Request):
        data = await body(request)
        return JSONResponse(check_text(_text(data), _label(data)))

    async def api_edit(request: Request):
        data = await body(request)
        ops = data.get("ops")
        if not isinstance(ops, list) or len(ops) > 200:
            raise EditRefused("an edit is a list of operations")
        text = apply(_text(data), ops, schema)
        return JSONResponse({"text": text, "check": check_text(text, _label(data))})

    async def api_create(request: Request):
        data = await body(request)
        text = _text(data)
        result = check_text(text, "new deal")
        deal_id = ((result["data"] or {}).get("deal") or {}).get("id")
        if not isinstance(deal_id, str) or deal_id == NEW_DEAL:
            raise EditRefused("give the deal an id first (deal.id: lower-case letters, digits, _ and -)")
        deals.write(deal_id, text, create=True)
        return JSONResponse({"name": deal_id, "url": f"/deals/{deal_id}"})

    async def api_save(request: Request):
        name = request.path_params["name"]
        data = await body(request)
        deals.write(name, _text(data))
        return JSONResponse({"saved": name, "check": check_text(_text(data), f"{name}.yaml")})

    async def api_build(request: Request):
        return JSONResponse(builds.start(request.path_params["name"]).to_json())

    async def api_job(request: Request):
        return JSONResponse(builds.job(request.path_params["id"]).to_json())

    async def api_signing(request: Request):
        return JSONResponse(await run_in_threadpool(signing.view, request.path_params["name"]))

    async def api_signed(request: Request):
        """One returned PDF as the request body (its name in ?file=), filed page by page."""
        data = await request.body()
        filename = request.query_params.get("file", "signed.pdf")
        return JSONResponse(await run_in_threadpool(signing.upload, request.path_params["name"], filename, data))

    async def api_book(request: Request):
        return JSONResponse(await run_in_threadpool(signing.make_book, request.path_params["name"]))

    async def api_calendar(request: Request):
        return JSONResponse(closed_days(request.path_params["code"], request.path_params["year"]))

    def _text(data: dict) -> str:
        text = data.get("text")
        if not isinstance(text, str):
            raise EditRefused("no term-sheet text in the request")
        return text

    def _label(data: dict) -> str:
        name = data.get("name")
        return f"{name}.yaml" if isinstance(name, str) and name else "new deal"

    async def refused(request: Request, exc: Exception):
        status = 404 if isinstance(exc, NotFound) else 413 if isinstance(exc, BodyTooLarge) else 400
        lines = exc.lines() if isinstance(exc, AssemblerError) else [str(exc)]
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": lines}, status_code=status)
        response = page("error.html", lines=lines, title="Not found" if status == 404 else "Not possible")
        response.status_code = status
        return response

    routes = [
        Route("/", index), Route("/new", new), Route("/deals/{name}", edit),
        Route("/deals/{name}/build", build_page), Route("/deals/{name}/changes", changes_page),
        Route("/deals/{name}/redline/{key}", redline), Route("/deals/{name}/set.zip", download_zip),
        Route("/deals/{name}/files/{file}", download),
        Route("/deals/{name}/files/{file}/pages/{page:int}.png", page_png),
        Route("/deals/{name}/signing", signing_page), Route("/deals/{name}/signing/{file}", signing_file),
        Route("/api/schema", api_schema), Route("/api/check", api_check, methods=["POST"]),
        Route("/api/edit", api_edit, methods=["POST"]), Route("/api/deals", api_create, methods=["POST"]),
        Route("/api/deals/{name}", api_save, methods=["POST"]),
        Route("/api/deals/{name}/build", api_build, methods=["POST"]), Route("/api/jobs/{id}", api_job),
        Route("/api/calendar/{code}/{year:int}", api_calendar),
        Route("/api/deals/{name}/signing", api_signing),
        Route("/api/deals/{name}/signed", api_signed, methods=["POST"]),
        Route("/api/deals/{name}/book", api_book, methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={AssemblerError: refused, BodyTooLarge: refused})
    app.state.deals, app.state.builds, app.state.signing, app.state.csrf = deals, builds, signing, csrf
    return Guard(app, csrf=csrf, hosts=hosts or {"127.0.0.1", "localhost"}, password=password, token=token)


def _media(name: str) -> str:
    return {".pdf": "application/pdf", ".json": "application/json", ".zip": "application/zip",
            ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}.get(
        Path(name).suffix, "application/octet-stream")


def shown_path(path: Path) -> str:
    """A folder as the deals page names it: relative to where the server was started when it is under it
    (`term_sheets/`), else in full."""
    try:
        return f"{path.relative_to(Path.cwd().resolve()).as_posix()}/"
    except ValueError:
        return str(path)
