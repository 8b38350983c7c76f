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
