// Embed option: `?embed=1` on the app's address (an iframe's src), or a `data-embed="1"`
// attribute on the <gradio-app> element, hides the app's title and tagline, which the host
// page already shows. The summary of the collection stays. (Gradio's own `embed` attribute
// is not used: Gradio's page sets it itself.)
// Run by the header's gr.HTML js_on_load (`element`).
const on = (value) => value !== null && value !== undefined && !['0', 'false', 'no'].includes(value);
const fromUrl = (url) => {
  try { return on(new URL(url, location.href).searchParams.get('embed')); } catch (e) { return false; }
};
const rootNode = element.getRootNode ? element.getRootNode() : null;
const app = (rootNode && rootNode.host && rootNode.host.tagName === 'GRADIO-APP')
  ? rootNode.host : element.closest('gradio-app');
const embedded = fromUrl(location.href)
  || (app && on(app.getAttribute('data-embed')));
if (embedded) {
  element.classList.add('at-embedded');
  element.dataset.embed = '1';
}
