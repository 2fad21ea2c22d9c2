// Keyboard scoring for the Voix review pages. Without this script the forms still work.
(function () {
  "use strict";
  const csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  const page = document.body.dataset.page;
  const items = Array.from(document.querySelectorAll("article.output"));
  let current = 0;
  let criterion = 0;

  function typing(target) {
    return target && (target.tagName === "TEXTAREA" || target.tagName === "INPUT" ||
      target.tagName === "SELECT" || target.isContentEditable);
  }

  function criteria(item) {
    return Array.from(item.querySelectorAll("fieldset.criterion"));
  }

  function focusItem(index) {
    if (!items.length) return;
    current = Math.max(0, Math.min(items.length - 1, index));
    items.forEach((item, i) => item.classList.toggle("focused", i === current));
    const item = items[current];
    item.focus({ preventScroll: true });
    item.scrollIntoView({ block: "start", behavior: "auto" });
    focusCriterion(0);
  }

  function focusCriterion(index) {
    const list = criteria(items[current] || document.body);
    if (!list.length) return;
    criterion = Math.max(0, Math.min(list.length - 1, index));
    list.forEach((f, i) => f.classList.toggle("focused", i === criterion));
  }

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json",
        "X-CSRF-Token": csrf },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      let detail = response.statusText;
      try { detail = (await response.json()).detail || detail; } catch (e) { /* not JSON */ }
      throw new Error(detail);
    }
    return response.json();
  }

  async function saveScores(item) {
    const form = item.querySelector("form.rubric");
    const status = form.querySelector(".status");
    const scores = {};
    criteria(item).forEach((f) => {
      const checked = f.querySelector("input:checked");
      if (checked) scores[f.dataset.criterion] = Number(checked.value);
    });
    const comment = form.querySelector("textarea").value;
    status.textContent = "saving…";
    try {
      await post(form.getAttribute("action"), { scores: scores, comment: comment });
      status.textContent = "saved";
      if (Object.keys(scores).length && !item.classList.contains("scored")) {
        item.classList.add("scored");
        const counter = document.getElementById("scored-count");
        if (counter) counter.textContent = String(Number(counter.textContent) + 1);
      }
      item.classList.remove("dirty");
    } catch (error) {
      status.textContent = "not saved: " + error.message;
    }
  }

  async function prefer(item, side) {
    const form = item.querySelector("form.prefer");
    const status = form.querySelector(".status");
    const value = (name) => form.querySelector(`input[name="${name}"]`).value;
    status.textContent = "saving…";
    try {
      await post(form.getAttribute("action"),
        { a: value("a"), b: value("b"), scenario: value("scenario"), side: side });
      status.textContent = "chose " + side;
      item.querySelectorAll(".side").forEach((s) =>
        s.classList.toggle("chosen", s.classList.contains(side)));
      if (!item.classList.contains("scored")) {
        item.classList.add("scored");
        const counter = document.getElementById("chosen-count");
        if (counter) counter.textContent = String(Number(counter.textContent) + 1);
      }
      focusItem(current + 1);
    } catch (error) {
      status.textContent = "not saved: " + error.message;
    }
  }

  // Scores: Save buttons and form submits go through fetch too, to stay on the page.
  document.querySelectorAll("form.rubric").forEach((form) => {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      saveScores(form.closest("article"));
    });
    form.addEventListener("change", () => form.closest("article").classList.add("dirty"));
  });
  document.querySelectorAll("form.prefer").forEach((form) => {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const side = event.submitter ? event.submitter.value : "tie";
      prefer(form.closest("article"), side);
    });
  });
  items.forEach((item, index) => item.addEventListener("click", (event) => {
    if (current !== index) {
      current = index;
      items.forEach((it, i) => it.classList.toggle("focused", i === current));
    }
    const fieldset = event.target.closest && event.target.closest("fieldset.criterion");
    if (fieldset) focusCriterion(criteria(item).indexOf(fieldset));
  }));

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target)) {
      if (event.key === "Escape") {
        event.target.blur();
        if (items[current]) items[current].focus({ preventScroll: true });
      }
      return;
    }
    const item = items[current];
    const key = event.key;
    if (key === "j") { focusItem(current + 1); event.preventDefault(); return; }
    if (key === "k") { focusItem(current - 1); event.preventDefault(); return; }
    if (!item) return;
    if (page === "run") {
      if (/^[1-5]$/.test(key)) {
        const fieldset = criteria(item)[criterion];
        const radio = fieldset && fieldset.querySelector(`input[value="${key}"]`);
        if (radio) {
          radio.checked = true;
          item.classList.add("dirty");
          focusCriterion(criterion + 1);
        }
        event.preventDefault();
      } else if (key === "ArrowDown") {
        focusCriterion(criterion + 1); event.preventDefault();
      } else if (key === "ArrowUp") {
        focusCriterion(criterion - 1); event.preventDefault();
      } else if (key === "c") {
        item.querySelector("textarea").focus(); event.preventDefault();
      } else if (key === "s") {
        saveScores(item); event.preventDefault();
      }
    } else if (page === "ab") {
      const sides = { "ArrowLeft": "left", "1": "left", "ArrowRight": "right", "2": "right",
        "t": "tie", "0": "tie" };
      if (sides[key]) { prefer(item, sides[key]); event.preventDefault(); }
    }
  });

  window.addEventListener("beforeunload", (event) => {
    if (document.querySelector("article.dirty")) event.preventDefault();
  });
  if (items.length) focusItem(0);
})();
