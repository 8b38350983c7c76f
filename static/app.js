// The one piece of behaviour htmx cannot give: after a mention is written out in a
// comment box (the box is swapped in with `autofocus`), put the cursor at the end of the
// text, where the member was typing, instead of at its start.
document.addEventListener("focusin", (event) => {
  const box = event.target;
  if (box instanceof HTMLTextAreaElement && box.hasAttribute("data-caret-end")) {
    box.removeAttribute("data-caret-end");
    box.setSelectionRange(box.value.length, box.value.length);
  }
});

// "Have your say" (/ideas/deck): S supports, D disagrees, P passes, as the page says.
// Each is the card's own button, so the answer is the same plain form or htmx post.
document.addEventListener("keydown", (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey || event.repeat) return;
  const typing = event.target.closest && event.target.closest("input, textarea, select, [contenteditable]");
  if (typing) return;
  const button = document.querySelector(`[data-deck-key="${event.key.toLowerCase()}"]`);
  if (button) {
    event.preventDefault();
    button.click();
  }
});

// The GOV.UK character count: a box with `data-maxchars` shows how many characters are
// left (or too many) under it as the member types, and tells screen readers once the
// typing pauses. Nothing is cut off: the server says if the text is too long.
const countDelay = new WeakMap();
function updateCount(box) {
  const limit = Number(box.dataset.maxchars);
  const shown = document.getElementById(`${box.id}-count`);
  const spoken = document.getElementById(`${box.id}-count-live`);
  if (!limit || !shown) return;
  const left = limit - box.value.length;
  const words = left >= 0
    ? `You have ${left.toLocaleString("en-GB")} character${left === 1 ? "" : "s"} remaining`
    : `You have ${(-left).toLocaleString("en-GB")} character${left === -1 ? "" : "s"} too many`;
  shown.textContent = words;
  shown.classList.toggle("char-count--over", left < 0);
  clearTimeout(countDelay.get(box));
  if (spoken) countDelay.set(box, setTimeout(() => { spoken.textContent = words; }, 1000));
}
document.addEventListener("input", (event) => {
  if (event.target instanceof HTMLTextAreaElement && event.target.dataset.maxchars) {
    updateCount(event.target);
  }
});

// "Copy link" beside an idea's link: shown only where it works (JavaScript and the
// clipboard); it copies the link and says so in the status next to it.
for (const button of document.querySelectorAll("[data-copy]")) {
  if (navigator.clipboard) button.hidden = false;
}
document.addEventListener("click", async (event) => {
  const button = event.target.closest && event.target.closest("[data-copy]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copy);
  const status = button.closest(".share")?.querySelector("[role=status]");
  try {
    await navigator.clipboard.writeText(field.value);
    button.textContent = "Link copied";
    if (status) status.textContent = "The link to this idea is copied.";
  } catch {
    field.select();
    if (status) status.textContent = "Select the link and copy it.";
  }
});
