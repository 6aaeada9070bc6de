// Embed option: `?embed=1` on the app's address (an iframe's src, or the src of a
// <gradio-app> element), or an `embed` attribute on <gradio-app>, hides the app's title and
// tagline, which the host page already shows. The summary of the collection stays.
// Run by the header's gr.HTML js_on_load (`element`).
const on = (value) => value !== null && value !== undefined && !['0', 'false', 'no'].includes(value);
const fromUrl = (url) => {
  try { return on(new URL(url, location.href).searchParams.get('embed')); } catch (e) { return false; }
};
const rootNode = element.getRootNode ? element.getRootNode() : null;
const app = (rootNode && rootNode.host && rootNode.host.tagName === 'GRADIO-APP')
  ? rootNode.host : element.closest('gradio-app');
const embedded = fromUrl(location.href)
  || (app && (app.hasAttribute('embed') || fromUrl(app.getAttribute('src') || '')));
if (embedded) {
  element.classList.add('at-embedded');
  element.dataset.embed = '1';
}
