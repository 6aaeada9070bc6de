// The viewer scrolls inside its panel: make that region reachable and named for the keyboard.
// Run by the viewer's gr.HTML js_on_load (`element`), after buttons.js.
{
  const box = element.closest('.html-container') || element.parentElement;
  if (box) {
    box.tabIndex = 0;
    box.setAttribute('role', 'region');
    box.setAttribute('aria-label', 'Article text');
  }
}
