// Review: confirm or reject merge candidates, correct a field, split an event off its
// incident and rate a claim. The operator's token is typed once, kept in sessionStorage
// (this tab only) and sent as a header, never in a URL. Replies are shown as text only.
"use strict";
(function () {
  const { setStatus } = window.tacitus;
  const tokenForm = document.getElementById("review-token");
  if (!tokenForm) return;
  const tokenField = tokenForm.elements.token;
  const whoField = tokenForm.elements.who;
  tokenField.value = sessionStorage.getItem("tacitus-token") || "";
  whoField.value = sessionStorage.getItem("tacitus-who") || "";
  tokenField.addEventListener("change", () => sessionStorage.setItem("tacitus-token", tokenField.value.trim()));
  whoField.addEventListener("change", () => sessionStorage.setItem("tacitus-who", whoField.value.trim()));
  tokenForm.addEventListener("submit", (event) => event.preventDefault());

  async function post(action, payload) {
    const token = tokenField.value.trim();
    if (!token) throw new Error("type the operator's token first");
    sessionStorage.setItem("tacitus-token", token);
    const who = whoField.value.trim();
    if (who) sessionStorage.setItem("tacitus-who", who);
    const response = await fetch("/api/review/" + action, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json",
                 Authorization: "Bearer " + token },
      body: JSON.stringify({ ...payload, who: who || "web" }),
      credentials: "same-origin",
    });
    let body;
    try { body = await response.json(); } catch { body = { error: response.statusText }; }
    if (!response.ok) throw new Error(body.error || "HTTP " + response.status);
    return body;
  }

  async function run(action, payload, done) {
    setStatus("review-status", "Working…");
    try {
      const body = await post(action, payload);
      setStatus("review-status", done(body));
      setTimeout(() => window.location.reload(), 600);
    } catch (err) {
      setStatus("review-status", "Failed: " + err.message);
    }
  }

  for (const button of document.querySelectorAll("button.review-action")) {
    button.addEventListener("click", () => {
      const action = button.dataset.action;
      if (action === "confirm" || action === "reject") {
        const candidate = Number(button.dataset.candidate);
        run(action, { candidate }, (b) => action === "confirm"
          ? `Candidate ${candidate} confirmed: incident ${b.incident ? b.incident.id : "?"}.`
          : `Candidate ${candidate} rejected.`);
      } else if (action === "split-event") {
        const ev = Number(button.dataset.event);
        run(action, { event: ev }, (b) => `Event ${ev} split into incident ${b.incident ? b.incident.id : "?"}.`);
      }
    });
  }

  const correct = document.getElementById("correct");
  if (correct) {
    correct.addEventListener("submit", (event) => {
      event.preventDefault();
      const ev = Number(correct.dataset.event);
      const field = correct.elements.field.value;
      run("correct", { event: ev, field, value: correct.elements.value.value },
          (b) => `${field} = ${JSON.stringify(b.value)}`);
    });
  }

  const rate = document.getElementById("rate");
  if (rate) {
    rate.addEventListener("submit", (event) => {
      event.preventDefault();
      const claim = Number(rate.elements.claim.value);
      run("rate-claim", { claim, reliability: rate.elements.reliability.value,
                          credibility: Number(rate.elements.credibility.value),
                          note: rate.elements.note.value.trim() || null },
          () => `Claim ${claim} rated.`);
    });
  }
})();
