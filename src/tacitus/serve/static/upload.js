// Upload: send a pasted text (JSON) or a file (multipart) with the operator's token, show
// the upload's progress, then poll the ingest job until it is done.
"use strict";
(function () {
  const { el, setStatus } = window.tacitus;
  const form = document.getElementById("upload");
  const bar = document.getElementById("job-progress");
  const result = document.getElementById("job-result");
  const tokenField = form.elements.token;
  tokenField.value = sessionStorage.getItem("tacitus-token") || "";

  function send(url, body, headers) {
    // XMLHttpRequest rather than fetch: it reports upload progress
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", url);
      for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) { bar.max = 100; bar.value = (50 * e.loaded) / e.total; }
        setStatus("job-state", "Uploading…");
      };
      xhr.onload = () => {
        let data;
        try { data = JSON.parse(xhr.responseText); } catch { data = { error: xhr.statusText }; }
        xhr.status < 300 ? resolve(data) : reject(new Error(data.error || "HTTP " + xhr.status));
      };
      xhr.onerror = () => reject(new Error("network error"));
      xhr.send(body);
    });
  }

  function show(job) {
    const total = job.total || 1;
    bar.max = 100;
    // 100 only when the job says it is over: its last document stored is not the end of it
    bar.value = job.state === "done" || job.state === "failed" ? 100 : Math.min(99, 50 + (50 * job.done) / total);
    const doing = job.total ? `${job.done} of ${job.total} documents done` : "reading";
    const states = { queued: "Queued…", running: `Extracting: ${doing} (${job.elapsed}s)`,
                     done: `Done in ${job.elapsed}s.`, failed: "Failed: " + job.error };
    setStatus("job-state", states[job.state] || job.state);
    result.replaceChildren();
    if (job.state !== "done") return;
    result.append(el("p", {}, `${job.stored.length} stored, ${job.duplicates.length} already stored, ` +
                             `${job.rejected.length} rejected; ${job.events} events.`));
    const list = el("ul", { class: "stored" });
    for (const id of job.stored) {
      list.append(el("li", {}, el("a", { href: "/articles/" + encodeURIComponent(id) }, "article " + id)));
    }
    for (const r of job.rejected) list.append(el("li", { class: "rejected" }, r.source + ": " + r.reason));
    for (const d of job.duplicates) list.append(el("li", {}, d + ": already stored"));
    result.append(list, el("p", {}, el("a", { href: "/events" }, "See the events")));
  }

  async function poll(id) {
    for (;;) {
      const response = await fetch("/api/jobs/" + encodeURIComponent(id));
      const job = await response.json();
      if (!response.ok) throw new Error(job.error);
      show(job);
      if (job.state === "done" || job.state === "failed") return job;
      await new Promise((r) => setTimeout(r, 400));
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const token = tokenField.value.trim();
    sessionStorage.setItem("tacitus-token", token);
    const headers = { Authorization: "Bearer " + token };
    const file = form.elements.file.files[0];
    const text = form.elements.text.value;
    const published = form.elements.published.value.trim();
    const url = form.elements.url.value.trim();
    document.getElementById("job").hidden = false;
    result.replaceChildren();
    bar.value = 0;
    try {
      if (!file && !text.trim()) throw new Error("paste a text or choose a file");
      let job;
      if (file) {
        if (file.size > Number(form.dataset.maxBytes)) throw new Error("the file is larger than the limit");
        const body = new FormData();
        body.append("file", file);
        if (published) body.append("published", published);
        if (url) body.append("url", url);
        job = await send("/api/ingest/file", body, headers);
      } else {
        headers["Content-Type"] = "application/json";
        job = await send("/api/ingest/text", JSON.stringify({ text, published: published || null, url: url || null }), headers);
      }
      await poll(job.id);
    } catch (err) {
      setStatus("job-state", "Error: " + err.message);
    }
  });
})();
