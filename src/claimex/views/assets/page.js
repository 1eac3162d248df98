(() => {
  "use strict";
  const card = document.getElementById("cx-card");
  let hovered = null, pinned = null;
  const same = (a, b) => a && b && a.sec === b.sec && a.id === b.id;
  const rowOf = (sel) => document.getElementById(sel.sec.id + "-" + sel.id);
  const marksOf = (sel) =>
    sel.sec.querySelectorAll('.cx[data-claim="' + CSS.escape(sel.id) + '"]');
  const selOf = (mark) => ({sec: mark.closest("section.doc"), id: mark.dataset.claim});
  function light(sel, on) {
    if (!sel) return;
    marksOf(sel).forEach((m) => m.classList.toggle("hot", on));
    const row = rowOf(sel);
    if (row) row.classList.toggle("hot", on);
  }
  function add(parent, tag, text, cls) {
    const el = document.createElement(tag);
    el.textContent = text;
    if (cls) el.className = cls;
    parent.append(el);
    return el;
  }
  function fill(sel, isPinned) {
    const d = rowOf(sel).dataset;
    card.replaceChildren();
    card.className = "cx-card " + (rowOf(sel).className.match(/sp\d+/) || ["sp0"])[0];
    add(card, "div", d.speaker || "no source", "who");
    const dl = add(card, "dl", "");
    const cue = d.cue ? "“" + d.cue + "” (" + [d.lemma, d.cueClass].filter(Boolean).join(", ")
      + ")" : "";
    const rows = [
      ["kind", d.kind + (d.number === "plural" ? ", plural" : "")
        + (d.resolved && d.resolved !== "self" ? ", resolved by " + d.resolved : "")],
      ["role", d.speakerRole],
      ["for", d.affiliation],
      ["gender", d.gender],
      ["type", d.type],
      ["flags", d.flags ? d.flags.split(" ").join(", ") + " (" + d.flaggedBy.split(" ").join(", ")
        + ")" : ""],
      ["rule", d.rule + (d.extended ? " + " + d.extended : "")],
      ["cue", cue],
      ["source", d.source],
      ["claim", d.claim + " in " + sel.sec.dataset.docId],
    ];
    for (const [k, v] of rows) {
      if (!v) continue;
      add(dl, "dt", k);
      add(dl, "dd", v);
    }
    if (isPinned) add(card, "div", "pinned: Esc or click elsewhere to close", "pin");
  }
  function show(sel, mark, isPinned) {
    if (!rowOf(sel)) return;
    fill(sel, isPinned);
    card.hidden = false;
    const r = mark.getClientRects()[0] || mark.getBoundingClientRect();
    const left = Math.max(8, Math.min(r.left, document.documentElement.clientWidth
      - card.offsetWidth - 8));
    card.style.left = window.scrollX + left + "px";
    card.style.top = window.scrollY + r.bottom + 6 + "px";
  }
  function hide() {
    light(hovered, false);
    light(pinned, false);
    hovered = pinned = null;
    card.hidden = true;
  }
  function pin(mark) {
    hide();
    pinned = selOf(mark);
    light(pinned, true);
    show(pinned, mark, true);
  }
  document.addEventListener("mouseover", (e) => {
    if (pinned) return;
    const mark = e.target.closest ? e.target.closest(".cx[data-claim]") : null;
    const sel = mark ? selOf(mark) : null;
    if (same(sel, hovered)) return;
    light(hovered, false);
    hovered = sel;
    if (!sel) { card.hidden = true; return; }
    light(sel, true);
    show(sel, mark, false);
  });
  function focusSpeaker(sp) {
    const on = document.body.dataset.focus !== sp;
    const classes = sp.split(" ");  // a speaker merged over documents has several
    document.body.dataset.focus = on ? sp : "";
    document.body.classList.toggle("focus", on);
    document.querySelectorAll(".cx[data-claim]").forEach(
      (m) => m.classList.toggle("on", on && classes.some((c) => m.classList.contains(c))));
    document.querySelectorAll(".spk").forEach(
      (b) => b.setAttribute("aria-pressed", String(on && b.dataset.sp === sp)));
  }
  document.addEventListener("click", (e) => {
    const spk = e.target.closest(".spk");
    if (spk) { focusSpeaker(spk.dataset.sp); return; }
    const mark = e.target.closest(".cx[data-claim]");
    if (mark) { pin(mark); return; }
    if (!card.contains(e.target) && !e.target.closest("a")) hide();
  });
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") hide(); });
  function fromHash() {
    const row = location.hash ? document.getElementById(decodeURIComponent(
      location.hash.slice(1)).replace("/", "-")) : null;
    if (!row || !row.dataset.claim) return;
    const sec = row.closest("section.doc");
    const mark = sec.querySelector('.cx[data-claim="' + CSS.escape(row.dataset.claim) + '"]');
    if (!mark) return;
    mark.scrollIntoView({block: "nearest"});
    pin(mark);
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
  document.documentElement.dataset.ready = "1";
})();
