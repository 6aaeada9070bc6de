// Page-level behaviour (run once by Gradio on load, given as `js`): a link carries the
// question (?q=), a new answer is scrolled to its start, and the chat's [n] citations get a
// name, a preview, a selected source card and, on a phone, a way back to the answer.
() => {
  if (window.__accordingtoPage) return;
  window.__accordingtoPage = true;
  const roots = () => [document, ...Array.from(document.querySelectorAll('gradio-app'))
    .map((app) => app.shadowRoot).filter(Boolean)];
  const find = (selector) => {
    for (const root of roots()) {
      const found = root.querySelector(selector);
      if (found) return found;
    }
    return null;
  };
  const findAll = (selector) => roots().flatMap((root) => Array.from(root.querySelectorAll(selector)));
  const citeOf = (link) => decodeURIComponent((link.getAttribute('href') || '').split('#cite=')[1] || '');
  const cardFor = (cite) => findAll('#at-sources .at-card').find(
    (card) => card.querySelector(`[data-cite="${CSS.escape(cite)}"]`));

  // A link to an answer: ?q= asks the question once the page is ready. The question stays in
  // the address only; the server never stores it. Embedded in another site (a <gradio-app
  // src=…> on the host's page) the address is the host's: it is neither read nor changed.
  const hosted = !!document.querySelector('gradio-app[src]');
  const asked = hosted ? null : new URLSearchParams(location.search).get('q');
  if (asked && asked.trim()) {
    let tries = 0;
    const submit = () => {
      const box = find('#at-question textarea');
      const button = find('#at-question button.submit-button') || find('#at-question button');
      if (box && button && window.__accordingtoOpen) {
        box.value = asked.slice(0, 2000);
        box.dispatchEvent(new Event('input', {bubbles: true}));
        setTimeout(() => button.click(), 50);
      } else if (tries++ < 100) {
        setTimeout(submit, 100);
      }
    };
    submit();
  }
  const setAddress = (question) => {
    if (hosted) return;
    const params = new URLSearchParams(location.search);
    if (question) params.set('q', question); else params.delete('q');
    const query = params.toString();
    history.replaceState(history.state, '', location.pathname + (query ? `?${query}` : '') + location.hash);
  };

  // The chat's own "Copy message" button copies a message's Markdown source, whose [n] links
  // carry positions in files: for an answer, it copies what the reader sees instead, with the
  // APA reference of each source it cites that the Sources panel still shows.
  document.addEventListener('click', (event) => {
    const target = event.composedPath()[0];
    const button = target && target.closest ? target.closest('button[aria-label="Copy message"]') : null;
    const row = button && button.closest('#at-chat .message-row');
    const message = row && row.querySelector("[data-testid='bot']");
    if (!message) return;
    event.preventDefault();
    event.stopPropagation();
    const references = [];
    for (const link of message.querySelectorAll("a[href*='#cite=']")) {
      const card = cardFor(citeOf(link));
      const entry = card && card.querySelector(".at-cite[data-style='APA'] [data-copy]");
      const number = (link.textContent.match(/\d+/) || [''])[0];
      const line = entry && number ? `[${number}] ${entry.dataset.copy}` : '';
      if (line && !references.includes(line)) references.push(line);
    }
    const text = message.innerText.trim() + (references.length ? `\n\n${references.join('\n')}` : '');
    navigator.clipboard.writeText(text).catch(() => {});
  }, true);

  // Names and previews for [n] links, from the matching source card.
  const describe = (link) => {
    const card = cardFor(citeOf(link));
    if (!card) return;
    const number = (link.textContent.match(/\d+/) || [''])[0];
    const who = (card.querySelector('.at-speaker') || {}).textContent || '';
    const outlet = (card.querySelector('.at-outlet') || {}).textContent || '';
    const date = (card.querySelector('.at-src time') || {}).textContent || '';
    const label = `Source ${number}: ${[who, outlet, date].filter(Boolean).join(', ')}`;
    if (link.getAttribute('aria-label') !== label) link.setAttribute('aria-label', label);
  };
  let preview = null;
  const hidePreview = () => { if (preview) { preview.remove(); preview = null; } };
  const showPreview = (link) => {
    const card = cardFor(citeOf(link));
    if (!card) return;
    hidePreview();
    preview = document.createElement('div');
    preview.className = 'at-preview';
    preview.setAttribute('role', 'tooltip');
    preview.id = 'at-preview';
    const quote = (card.querySelector('mark.at-hl') || {}).textContent || '';
    const add = (tag, text, cls) => {
      const node = document.createElement(tag);
      node.textContent = text;
      if (cls) node.className = cls;
      preview.appendChild(node);
    };
    // A quote that opens with its own quotation mark gets no second one (as in the answer).
    const words = quote.replace(/^Quoted passage: /, '').trim();
    add('p', /^[“"‘']/.test(words) ? words : `“${words}”`, 'at-preview-quote');
    add('p', (card.querySelector('.at-speaker') || {}).textContent || '', 'at-preview-who');
    add('p', (card.querySelector('.at-src') || {}).textContent || '', 'at-preview-src');
    const host = link.closest('.gradio-container') || document.body;
    host.appendChild(preview);
    const box = link.getBoundingClientRect();
    const width = Math.min(360, window.innerWidth - 16);
    preview.style.width = `${width}px`;
    preview.style.left = `${Math.max(8, Math.min(box.left, window.innerWidth - width - 8))}px`;
    const below = box.bottom + 6;
    preview.style.top = `${below + preview.offsetHeight < window.innerHeight ? below : Math.max(8, box.top - preview.offsetHeight - 6)}px`;
    link.setAttribute('aria-describedby', 'at-preview');
  };
  const citeLink = (event) => (event.composedPath ? event.composedPath() : [event.target]).find(
    (node) => node.tagName === 'A' && (node.getAttribute('href') || '').includes('#cite='));
  document.addEventListener('mouseover', (event) => {
    const link = citeLink(event);
    if (link && link.closest('#at-chat')) showPreview(link);
  }, true);
  document.addEventListener('focusin', (event) => {
    const link = citeLink(event);
    if (link && link.closest('#at-chat')) showPreview(link); else hidePreview();
  }, true);
  document.addEventListener('mouseout', (event) => { if (citeLink(event)) hidePreview(); }, true);
  document.addEventListener('keydown', (event) => { if (event.key === 'Escape') hidePreview(); }, true);

  // Clicking [n]: mark its card as selected (scrolled to), and on a phone offer the way back.
  let back = null;
  const offerBack = (link) => {
    if (window.innerWidth > 640) return;
    if (!back) {
      back = document.createElement('button');
      back.type = 'button';
      back.className = 'at-back';
      back.textContent = 'Back to answer';
      (find('.gradio-container') || document.body).appendChild(back);
    }
    back.hidden = false;
    back.onclick = () => {
      back.hidden = true;
      link.scrollIntoView({block: 'center', behavior: 'instant'});
      link.focus({preventScroll: true});
      hidePreview();  // focusing the link previews it, which would cover the answer on a phone
    };
  };
  document.addEventListener('click', (event) => {
    const link = citeLink(event);
    if (!link) return;
    hidePreview();
    const cite = citeOf(link);
    findAll('#at-sources .at-card.at-selected').forEach((card) => {
      card.classList.remove('at-selected');
      card.removeAttribute('aria-current');
    });
    const card = cardFor(cite);
    if (card) {
      card.classList.add('at-selected');
      card.setAttribute('aria-current', 'true');
      setTimeout(() => card.scrollIntoView({block: 'nearest', behavior: 'instant'}), 0);
    }
    if (link.closest('#at-chat')) offerBack(link);
  }, true);

  // After each answer: scroll the chat to the start of the new exchange (not its end), name
  // the citations, and put the question in the address.
  let seen = 0;
  const update = () => {
    const chat = find('#at-chat');
    if (!chat) return;
    const bots = chat.querySelectorAll('[data-testid=bot]');
    const users = chat.querySelectorAll('[data-testid=user]');
    chat.querySelectorAll('a[href*="#cite="]').forEach(describe);
    // Gradio marks the example questions role="list" but its children are buttons, not list
    // items (axe: aria-required-children); a named group is what they are.
    chat.querySelectorAll('.examples[role=list]').forEach((list) => {
      list.setAttribute('role', 'group');
      list.setAttribute('aria-label', 'Example questions');
    });
    if (bots.length === 0) {
      if (seen) setAddress('');
      seen = 0;
      return;
    }
    if (bots.length <= seen) return;
    seen = bots.length;
    const bot = bots[bots.length - 1];
    const user = users[users.length - 1];
    const start = user && user.compareDocumentPosition(bot) & Node.DOCUMENT_POSITION_FOLLOWING ? user : bot;
    let log = bot.parentElement;
    while (log && log !== chat && !(log.scrollHeight > log.clientHeight + 1
      && /(auto|scroll)/.test(getComputedStyle(log).overflowY))) log = log.parentElement;
    if (log && log !== chat) {
      const top = start.getBoundingClientRect().top - log.getBoundingClientRect().top;
      log.scrollTop += top - 8;
    }
    if (user) setAddress((user.querySelector('.prose') || user).textContent.trim());
  };
  new MutationObserver(() => requestAnimationFrame(update))
    .observe(document.body, {childList: true, subtree: true, characterData: true});
  setInterval(update, 1000);
}
