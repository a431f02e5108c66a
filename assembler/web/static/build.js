/* The build page: Build starts the build on the server (assembler.closing_set.build, as `assemble build --force`),
   then the progress bar follows it file by file (done of total, with the renderer's estimate of the time left), and
   the page reloads to show the new set. */
"use strict";

function buildPage() {
  const button = document.getElementById("build");
  if (!button) return;
  button.addEventListener("click", async () => {
    button.disabled = true;
    document.getElementById("progress").hidden = false;
    let job;
    try { job = await call(`/api/deals/${encodeURIComponent(PAGE.name)}/build`, {}); }
    catch (err) { return failed(err.error || [String(err)]); }
    while (job.state === "running") {
      drawProgress(job);
      await new Promise(r => setTimeout(r, 300));
      try { job = await call(`/api/jobs/${job.id}`); }
      catch (err) { return failed(err.error || [String(err)]); }
    }
    drawProgress(job);
    if (job.state === "done") location.reload();
    else failed(job.error);
  });
}

function drawProgress(job) {
  const bar = document.getElementById("bar"), text = document.getElementById("progress-text");
  if (job.total) {
    bar.max = job.total;
    bar.value = job.done;
    const left = job.state === "done" ? "done" : job.remaining === null || job.done === 0 ? "estimating the time left"
      : `about ${seconds(job.remaining)} left`;
    text.textContent = `${job.done} of ${plural(job.total, "file")} rendered · ${seconds(job.elapsed)} · ${left}`;
  } else {
    bar.removeAttribute("value");  // indeterminate until the set is assembled and the renderer knows the total
    text.textContent = `assembling and checking every document · ${seconds(job.elapsed)}` +
      (job.expected ? ` · the last build of this deal took ${seconds(job.expected)}` : "");
  }
  bar.dataset.done = job.done;
  bar.dataset.total = job.total;
  const last = job.steps[job.steps.length - 1];
  document.getElementById("step").textContent = last ? last.title : "";
  document.getElementById("steps").replaceChildren(...job.steps.map(s => h("li", {class: s.state}, s.title)));
}

function failed(lines) {
  const box = document.getElementById("build-error");
  box.hidden = false;
  box.replaceChildren(...lines.map(line => h("p", {class: "problem error"}, line)));
  document.querySelector("#progress h2").textContent = "The build stopped";
  document.getElementById("build").disabled = false;
}

if (document.body.dataset.page === "build") buildPage();
