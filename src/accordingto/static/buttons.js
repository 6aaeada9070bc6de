// Copy and view buttons inside an HTML panel (run by gr.HTML js_on_load: `element`,
// `trigger`).
const copyText = async (text, button) => {
  let ok = false;
  try {
    await navigator.clipboard.writeText(text);
    ok = true;
  } catch (error) {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    try { ok = document.execCommand('copy'); } catch (error2) { ok = false; }
    area.remove();
  }
  if (!button.dataset.label) button.dataset.label = button.textContent;
  button.textContent = ok ? 'Copied ✓' : 'Could not copy: select the text instead';
  button.dataset.copied = ok ? 'yes' : 'no';
  setTimeout(() => { button.textContent = button.dataset.label; }, 2500);
};
element.addEventListener('click', (event) => {
  const view = event.target.closest('[data-cite]');
  if (view) { event.preventDefault(); trigger('click', {cite: view.dataset.cite}); return; }
  const copy = event.target.closest('[data-copy]');
  if (copy) { event.preventDefault(); copyText(copy.dataset.copy, copy); }
});
