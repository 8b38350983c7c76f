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
