// The chat's [n] links carry "#cite=file:start:end"; they open the viewer through the sources
// panel's trigger instead of navigating.
window.__accordingtoOpen = (cite) => trigger('click', {cite});
if (!window.__accordingtoLinks) {
  window.__accordingtoLinks = true;
  document.addEventListener('click', (event) => {
    const path = event.composedPath ? event.composedPath() : [event.target];
    const link = path.find(
      (node) => node.tagName === 'A' && (node.getAttribute('href') || '').includes('#cite='));
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const cite = link.getAttribute('href').split('#cite=')[1];
    if (window.__accordingtoOpen) window.__accordingtoOpen(decodeURIComponent(cite));
  }, true);
}
