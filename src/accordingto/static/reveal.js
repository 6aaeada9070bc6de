// Run after the viewer is shown: scroll the highlighted span into view and focus it.
() => {
  const find = () => {
    const roots = [document, ...Array.from(document.querySelectorAll('gradio-app'))
      .map((app) => app.shadowRoot).filter(Boolean)];
    for (const root of roots) {
      const mark = root.querySelector('#at-viewer mark.at-hl');
      if (mark) return mark;
    }
    return null;
  };
  let tries = 0;
  const reveal = () => {
    const mark = find();
    if (mark && mark.offsetParent !== null) {
      mark.scrollIntoView({block: 'center', behavior: 'instant'});
      mark.focus({preventScroll: true});
    } else if (tries++ < 20) {
      setTimeout(reveal, 50);
    }
  };
  setTimeout(reveal, 30);
}
