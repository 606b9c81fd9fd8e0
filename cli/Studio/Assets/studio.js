// HappyHorse studio: pages made from the catalog's field metadata. Every rule is checked on the server by the
// runtime; this script only builds controls, collects values and shows what the server says.
'use strict';

const token = document.querySelector('meta[name="studio-token"]').content;
const main = document.getElementById('main');
let catalog = null;
let leavePage = () => {};

// ---------- small helpers ----------
function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}
async function api(method, url, body) {
  const init = { method, headers: { 'Accept': 'application/json' } };
  if (body !== undefined) { init.headers['Content-Type'] = 'application/json'; init.headers['X-Studio-Token'] = token; init.body = JSON.stringify(body); }
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, ok: response.ok, json: text ? JSON.parse(text) : null };
}
const fmt = n => Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
const copyButton = (label, text) => h('button', { type: 'button', 'aria-label': 'Copy ' + label, onclick: async e => {
  try { await navigator.clipboard.writeText(text()); e.target.textContent = 'Copied'; } catch { e.target.textContent = 'Select and copy'; }
} }, 'Copy');
const badge = state => h('span', { class: 'badge ' + state, 'data-state': state }, state);
let uid = 0;
const nextId = prefix => `${prefix}-${++uid}`;
async function loadCatalog() { if (!catalog) catalog = (await api('GET', '/api/models')).json; return catalog; }
function setTitle(text) { document.title = text + ' · HappyHorse studio'; }

// ---------- routing ----------
async function route() {
  leavePage(); leavePage = () => {};
  const [path, query] = location.hash.replace(/^#/, '').split('?');
  const parts = (path || '/').split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(query || '');
  main.replaceChildren();
  try {
    if (parts.length === 0) await modelsPage();
    else if (parts[0] === 'run') await runFormPage(parts.slice(1).join('/'), params.get('from'));
    else if (parts[0] === 'runs') await runPage(Number(parts[1]));
    else if (parts[0] === 'history') await historyPage();
    else if (parts[0] === 'batches' && parts[1] !== undefined) await batchPage(Number(parts[1]));
    else if (parts[0] === 'batches') await batchesPage();
    else main.append(h('p', {}, 'No such page. ', h('a', { href: '#/' }, 'Models')));
  } catch (e) {
    main.append(h('p', { class: 'error', role: 'alert' }, 'The studio could not load this page: ' + e.message));
  }
}
window.addEventListener('hashchange', () => { route(); main.focus(); });

// ---------- models ----------
function priceText(op) {
  if (!op.priceTable) return op.pricing || '—';
  return op.priceTable.rates.map(r => {
    const when = Object.entries(r.when).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
    return `${when || 'always'}: ${fmt(r.creditsPerSecond)} cr/s`;
  }).join('; ') + ` (per second of ${op.priceTable.perSecondOf})`;
}
async function modelsPage() {
  setTitle('Models');
  const ops = await loadCatalog();
  const search = h('input', { type: 'search', id: 'model-search', placeholder: 'model, operation or dialect', 'aria-controls': 'model-groups' });
  const groups = h('div', { id: 'model-groups' });
  const kinds = [...new Set(ops.map(o => o.result))];
  const render = () => {
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    const match = o => words.every(w => `${o.model} ${o.operation} ${o.dialect} ${o.description}`.toLowerCase().includes(w));
    groups.replaceChildren(...kinds.map(kind => {
      const rows = ops.filter(o => o.result === kind && match(o));
      if (rows.length === 0) return null;
      return h('section', { 'aria-labelledby': 'kind-' + kind },
        h('h2', { id: 'kind-' + kind }, `${kind[0].toUpperCase()}${kind.slice(1)} models (${rows.length})`),
        h('table', {}, h('thead', {}, h('tr', {}, ['Model', 'Operation', 'Dialect', 'Price table', 'Can cancel'].map(t => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, rows.map(o => h('tr', { 'data-key': o.key },
            h('td', {}, o.model),
            h('td', {}, h('a', { href: '#/run/' + encodeURIComponent(o.key), title: o.description }, o.operation)),
            h('td', {}, o.dialect),
            h('td', {}, priceText(o)),
            h('td', {}, o.canCancel ? 'yes' : 'no'))))));
    }));
  };
  search.addEventListener('input', render);
  main.append(h('h1', {}, 'Models'),
    h('p', { class: 'muted' }, `${ops.length} operations of ${new Set(ops.map(o => o.model)).size} models, each form made from its manifest.`),
    h('div', { class: 'search' }, h('label', { for: 'model-search' }, 'Search models '), search), groups);
  render();
}

// ---------- controls made from field metadata ----------
// Which control a field gets depends only on its kind, allowed values, limits and length unit (no field names).
function controlFor(field, id, keyOf) {
  if (field.kind === 'StringArray' || field.kind === 'ObjectArray') return listEditor(field, id);
  if (field.kind === 'OneOf') return jsonControl(field, id);
  if (field.allowedValues.length > 0) return selectControl(field, id);
  if (field.kind === 'Boolean') return booleanControl(field, id);
  if (field.kind === 'Integer' || field.kind === 'Number') return numberControl(field, id);
  return textControl(field, id, keyOf);
}
function selectControl(field, id) {
  const def = field.default === null ? null : String(field.default);
  const select = h('select', { id },
    h('option', { value: '' }, field.required ? '— choose —' : def !== null ? `— default (${def}) —` : '— not set —'),
    field.allowedValues.map(v => h('option', { value: v }, v)));
  const numeric = field.kind === 'Integer' || field.kind === 'Number';
  return {
    element: select, focus: select,
    get: () => select.value === '' ? undefined : numeric ? Number(select.value) : select.value,
    set: v => { select.value = v === undefined || v === null ? '' : String(v); },
  };
}
function booleanControl(field, id) {
  // A checkbox starts at the default and is sent only once it is changed (a left-alone field is not sent).
  const box = h('input', { type: 'checkbox', id, checked: field.default === true });
  const state = h('span', { class: 'counter' }, field.required ? 'always sent' : 'not sent: the service applies its default');
  box.addEventListener('change', () => { box.dataset.set = '1'; state.textContent = 'sent as ' + box.checked; });
  return {
    element: h('span', {}, box, ' ', state), focus: box,
    get: () => box.dataset.set || field.required ? box.checked : undefined,
    set: v => { if (v === undefined || v === null) { delete box.dataset.set; box.checked = field.default === true; state.textContent = 'not sent: the service applies its default'; } else { box.dataset.set = '1'; box.checked = !!v; state.textContent = 'sent as ' + box.checked; } },
  };
}
function numberControl(field, id) {
  const input = h('input', { type: 'number', id, min: field.minimum ?? undefined, max: field.maximum ?? undefined, step: field.kind === 'Integer' ? '1' : 'any', placeholder: field.default !== null ? String(field.default) : undefined, inputmode: field.kind === 'Integer' ? 'numeric' : 'decimal' });
  return { element: input, focus: input, get: () => input.value === '' ? undefined : Number(input.value), set: v => { input.value = v === undefined || v === null ? '' : String(v); } };
}
// The length counters of the form on screen. Each shows the length the server's check counted (the runtime's rule
// and the manifest's length unit), by the name the field's problems take: the page counts nothing itself.
const lengthCounters = new Set();
function textControl(field, id, keyOf = () => field.name) {
  const long = field.maxLength === null || field.maxLength > 200;
  const input = field.format === 'url' || !long
    ? h('input', { type: field.format === 'url' ? 'url' : 'text', id, placeholder: field.default !== null ? String(field.default) : undefined })
    : h('textarea', { id, rows: field.maxLength ? 5 : 2, placeholder: field.default !== null ? String(field.default) : undefined });
  let counter = null;
  if (field.maxLength !== null) {
    counter = h('span', { class: 'counter', id: id + '-count', 'aria-live': 'off' });
    const show = lengths => {
      const n = lengths[keyOf()] ?? 0;
      counter.textContent = `${n} / ${field.maxLength}`;
      counter.classList.toggle('over', n > field.maxLength);
    };
    counter.textContent = `0 / ${field.maxLength}`; // until the first check answers (a list item's name needs its place)
    lengthCounters.add({ show });
    input.setAttribute('aria-describedby', id + '-count');
  }
  return {
    element: counter ? h('div', {}, input, counter) : input, focus: input,
    get: () => input.value === '' ? undefined : input.value,
    set: v => { input.value = v === undefined || v === null ? '' : String(v); },
  };
}
function jsonControl(field, id) {
  // A value of several shapes: JSON when it parses, else text (as the command line reads it).
  const area = h('textarea', { id, rows: 3, spellcheck: 'false', placeholder: 'JSON value, or text' });
  return {
    element: area, focus: area,
    get: () => { if (area.value.trim() === '') return undefined; try { return JSON.parse(area.value); } catch { return area.value; } },
    set: v => { area.value = v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v); },
  };
}
function setPath(obj, path, value) {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) o = o[k] ??= {};
  o[keys[keys.length - 1]] = value;
}
function getPath(obj, path) { return path.split('.').reduce((o, k) => o == null ? undefined : o[k], obj); }
function listEditor(field, id) {
  // A list: one row per item (a control for text, a group of the item's fields for objects), add and remove.
  const items = [];
  const list = h('ol', { class: 'list', id });
  const itemFields = (field.itemFields || []).filter(f => f.constant === null && !f.mirrorOf);
  const itemMeta = { ...field, kind: 'String', allowedValues: field.allowedValues, default: null, required: false, maxLength: null };
  const renumber = () => items.forEach((it, i) => {
    it.remove.setAttribute('aria-label', `Remove item ${i + 1} of ${field.name}`);
    it.labels.forEach(l => l.el.textContent = l.text(i));
  });
  const add = value => {
    const li = h('li', { class: 'list-item' });
    const labels = [];
    let get, set, focus;
    if (field.kind === 'ObjectArray') {
      const group = h('fieldset', {});
      const legend = { el: h('legend', {}), text: i => `${field.name} item ${i + 1}` };
      labels.push(legend); group.append(legend.el);
      const controls = itemFields.map(f => {
        const cid = nextId('item');
        const c = controlFor(f, cid, () => `${field.name}[${items.indexOf(entry)}].${f.name}`);
        const label = { el: h('span', {}), text: i => `${f.name}${f.required ? ' (required)' : ''} of item ${i + 1}` };
        labels.push(label);
        group.append(h('div', { class: 'item-field', 'data-item-field': f.name }, h('label', { for: cid }, label.el), ' ', c.element, f.description ? h('p', { class: 'help' }, f.description) : null));
        return [f, c];
      });
      focus = controls.length ? controls[0][1].focus : null;
      // An item's fixed fields (a constant such as a message's role) go with every item, as the manifest says.
      const fixed = (field.itemFields || []).filter(f => f.constant !== null);
      get = () => { const o = {}; for (const f of fixed) setPath(o, f.path || f.name, f.constant); for (const [f, c] of controls) { const v = c.get(); if (v !== undefined) setPath(o, f.path || f.name, v); } return o; };
      set = v => { for (const [f, c] of controls) c.set(getPath(v || {}, f.path || f.name)); };
      li.append(group);
    } else {
      const cid = nextId('item');
      const c = itemMeta.allowedValues.length ? selectControl(itemMeta, cid) : textControl({ ...itemMeta, format: field.format }, cid);
      const label = { el: h('label', { for: cid, class: 'sr-label' }), text: i => `${field.name} item ${i + 1}` };
      labels.push(label);
      li.append(h('div', {}, label.el, ' ', c.element));
      ({ get, set, focus } = { get: () => c.get() ?? '', set: c.set, focus: c.focus });
    }
    const entry = { li, get, set, labels };
    entry.remove = h('button', { type: 'button', onclick: () => { items.splice(items.indexOf(entry), 1); li.remove(); renumber(); list.dispatchEvent(new Event('input', { bubbles: true })); addButton.focus(); } }, 'Remove');
    li.append(entry.remove);
    items.push(entry); list.append(li); renumber();
    if (value !== undefined) set(value);
    return focus;
  };
  const addButton = h('button', { type: 'button', onclick: () => { const f = add(); if (f) f.focus(); list.dispatchEvent(new Event('input', { bubbles: true })); } }, `Add ${field.kind === 'ObjectArray' ? 'an item' : 'a value'} to ${field.name}`);
  return {
    element: h('div', {}, list, addButton), focus: addButton, isList: true,
    get: () => items.length === 0 ? undefined : items.map(i => i.get()),
    set: v => { items.splice(0).forEach(i => i.li.remove()); if (Array.isArray(v)) v.forEach(x => add(x)); },
  };
}
function helpText(field) {
  const parts = [];
  if (field.description) parts.push(field.description);
  if (field.default !== null) parts.push(`Default: ${JSON.stringify(field.default)}.`);
  // The limits in the runtime's own sentences ("must be between 3 and 15"), the words its problems use.
  for (const rule of field.limits) parts.push(`${rule[0].toUpperCase()}${rule.slice(1)}.`);
  if (field.media) parts.push(`${field.media.kind}${field.media.formats.length ? ' (' + field.media.formats.join(', ') + ')' : ''}${field.media.maxMegabytes ? `, at most ${field.media.maxMegabytes} MB` : ''}.`);
  return parts.join(' ');
}

// ---------- run form ----------
async function runFormPage(key, from) {
  lengthCounters.clear();
  const ops = await loadCatalog();
  const op = ops.find(o => o.key === key);
  if (!op) { main.append(h('p', { class: 'error' }, `No operation ${key}.`)); return; }
  setTitle(`${op.model} ${op.operation}`);
  const fields = op.fields.filter(f => f.constant === null && !f.mirrorOf);
  const controls = new Map();
  const form = h('form', { id: 'run-form', novalidate: true, 'aria-describedby': 'form-summary' });
  for (const field of fields) {
    const id = 'f-' + field.name.replace(/[^A-Za-z0-9_-]/g, '-');
    const c = controlFor(field, id);
    const problems = h('ul', { class: 'field-problems', id: id + '-problems', 'aria-live': 'polite' });
    const help = h('p', { class: 'help', id: id + '-help' }, helpText(field));
    const title = [field.name, field.required ? h('span', { class: 'req' }, ' * (required)') : null];
    const box = c.isList
      ? h('div', { class: 'field', 'data-field': field.name }, h('fieldset', { 'aria-describedby': `${id}-help ${id}-problems` }, h('legend', {}, title), c.element, help, problems))
      : h('div', { class: 'field', 'data-field': field.name }, h('label', { for: id }, title), h('div', {}, c.element), help, problems);
    if (!c.isList) c.focus.setAttribute('aria-describedby', [c.focus.getAttribute('aria-describedby'), id + '-help', id + '-problems'].filter(Boolean).join(' '));
    if (field.required && !c.isList) c.focus.setAttribute('aria-required', 'true');
    controls.set(field.name, { field, c, box, problems });
    form.append(box);
  }
  const extra = h('textarea', { id: 'f-extra', rows: 3, spellcheck: 'false', placeholder: '{"path.in.body": value}' });
  form.append(h('details', { class: 'field' }, h('summary', {}, 'Other JSON paths (fields this manifest does not know)'),
    h('label', { for: 'f-extra' }, 'JSON object of path → value, sent as given'), extra));

  const problemList = h('ul', { class: 'problems', id: 'problems' });
  const summary = h('p', { id: 'form-summary', role: 'status' }, 'Checking…');
  const estimate = h('p', { class: 'estimate', id: 'estimate', 'aria-live': 'polite' }, '');
  const submit = h('button', { type: 'submit', class: 'primary', id: 'submit', disabled: true, form: 'run-form' }, 'Submit');
  const bodyView = h('pre', { id: 'body-preview' });
  const commandView = h('pre', { id: 'command-preview' });
  let last = null;

  const collect = () => {
    const values = {};
    for (const [name, { c }] of controls) { const v = c.get(); if (v !== undefined) values[name] = v; }
    let extraValues = {};
    if (extra.value.trim()) { try { extraValues = JSON.parse(extra.value); } catch { extraValues = null; } }
    return { key, fields: values, extra: extraValues };
  };
  let seq = 0;
  const check = async () => {
    const mine = ++seq;
    const input = collect();
    if (input.extra === null) { show({ problems: [{ field: '', message: 'Other JSON paths: not a JSON object' }], credits: null, body: {}, commandLine: '' }); return; }
    const response = await api('POST', '/api/check', input);
    if (mine === seq) show(response.json);
  };
  const show = result => {
    last = result;
    for (const counter of lengthCounters) counter.show(result.lengths || {});
    for (const { box, problems } of controls.values()) { problems.replaceChildren(); box.classList.remove('has-problem'); }
    const names = [...controls.keys()].sort((a, b) => b.length - a.length);
    for (const p of result.problems) {
      const owner = names.find(n => p.field === n || p.field.startsWith(n + '[') || p.field.startsWith(n + '.'));
      if (owner) { const c = controls.get(owner); c.problems.append(h('li', {}, p.message)); c.box.classList.add('has-problem'); }
    }
    problemList.replaceChildren(...result.problems.map(p => h('li', {}, p.message)));
    summary.textContent = result.problems.length === 0 ? 'No problems: ready to submit.' : `${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} to fix before submitting:`;
    summary.className = result.problems.length === 0 ? 'ok' : '';
    estimate.textContent = result.credits === null || result.credits === undefined ? 'Estimate: no price for these values' : `Estimate: ${fmt(result.credits)} credits`;
    submit.disabled = result.problems.length > 0;
    bodyView.textContent = JSON.stringify(result.body, null, 2);
    commandView.textContent = result.commandLine;
  };
  let timer = 0;
  // Submit follows the last check; the server checks again on submit, so a value typed since cannot slip through.
  const soon = () => { clearTimeout(timer); timer = setTimeout(check, 120); };
  form.addEventListener('input', soon);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    if (submit.disabled) return;
    submit.disabled = true; submit.textContent = 'Submitting…';
    const response = await api('POST', '/api/runs', collect());
    submit.textContent = 'Submit';
    if (response.status === 201) location.hash = '#/runs/' + response.json.number;
    else if (response.json && response.json.problems) show(response.json);
    else { summary.textContent = (response.json && response.json.message) || 'The studio refused the request.'; }
  });
  const fill = values => {
    for (const [name, { c }] of controls) c.set((values.fields || {})[name]);
    extra.value = values.extra && Object.keys(values.extra).length ? JSON.stringify(values.extra, null, 2) : '';
    check();
  };
  const exampleButton = h('button', { type: 'button', id: 'use-example', onclick: async () => fill((await api('GET', '/api/example?key=' + encodeURIComponent(key))).json) }, 'Use the documented example');
  const resetButton = h('button', { type: 'button', onclick: () => fill({ fields: {}, extra: {} }) }, 'Clear the form');

  main.append(
    h('p', {}, h('a', { href: '#/' }, '← Models')),
    h('h1', {}, `${op.model} · ${op.operation}`),
    h('p', { class: 'muted' }, op.description, ` Dialect ${op.dialect}; ${op.canCancel ? 'can be canceled' : 'cannot be canceled'}; makes ${op.result}s.`),
    h('div', { class: 'row' }, exampleButton, resetButton),
    h('div', { class: 'run' }, form,
      h('aside', { class: 'side', 'aria-label': 'Check and submit' },
        estimate, h('p', { class: 'muted' }, 'Price table: ', priceText(op)), summary, problemList, submit,
        h('details', {}, h('summary', {}, 'Request body'), bodyView, copyButton('request body', () => bodyView.textContent)),
        h('details', {}, h('summary', {}, 'Open in CLI'), commandView, copyButton('command line', () => commandView.textContent)))));
  if (from) { const run = await api('GET', '/api/runs/' + from); if (run.ok) { fill(run.json.input); return; } }
  check();
}

// ---------- one run: progress and results ----------
function mediaOf(files, kind, label) {
  return files.map((f, i) => {
    const media = kind === 'video' || /\.(mp4|webm|mov)$/i.test(f.name)
      ? h('video', { src: f.url, controls: true, preload: 'auto', 'aria-label': `${label}, video ${i + 1}` })
      : /\.(png|jpe?g|webp|gif)$/i.test(f.name) ? h('img', { src: f.url, alt: `${label}, image ${i + 1}` }) : null;
    return h('figure', {}, media, h('figcaption', {}, h('a', { href: f.url + '?download=true', download: f.name }, 'Download ' + f.name)));
  });
}
async function runPage(number) {
  setTitle('Run ' + number);
  const view = h('div', { id: 'run-view' });
  main.append(h('p', {}, h('a', { href: '#/history' }, '← History')), view);
  let source = null;
  let shownFiles = '';
  const render = run => {
    const status = [run.status, run.progress !== null ? `${fmt(run.progress)}%` : null, run.queuePosition !== null ? `queue position ${run.queuePosition}` : null, run.elapsedSeconds !== null ? `${fmt(run.elapsedSeconds)} s elapsed` : null].filter(Boolean).join(' · ');
    const head = [
      h('h1', {}, `Run ${run.number}: ${run.model} · ${run.operation} `, badge(run.state)),
      run.caption ? h('p', { class: 'caption' }, run.caption) : null,
      h('p', { id: 'status', role: 'status' }, status || (run.state === 'submitting' ? 'Sending…' : '')),
      ['submitting', 'waiting', 'saving'].includes(run.state) ? h('progress', { max: 100, value: run.progress ?? undefined, 'aria-label': 'Progress' }) : null,
      run.message ? h('p', { class: run.state === 'uncertain' ? 'notice' : 'error', role: 'alert' }, run.message) : null,
      run.state === 'uncertain' ? h('p', { class: 'notice' }, `Body fingerprint ${run.fingerprint}: look for this task at the service before sending it again.`) : null,
      h('div', { class: 'row' },
        run.canCancel ? h('button', { type: 'button', id: 'cancel', onclick: async e => { e.target.disabled = true; const r = await api('POST', `/api/runs/${run.number}/cancel`, {}); if (!r.ok) alert(r.json.message); } }, 'Cancel this task') : null,
        run.state === 'interrupted' ? h('button', { type: 'button', onclick: async () => { await api('POST', `/api/runs/${run.number}/resume`, {}); listen(); } }, 'Resume waiting') : null,
        h('a', { href: `#/run/${encodeURIComponent(run.key)}?from=${run.number}`, id: 'run-again' }, 'Run again'),
        run.credits !== null ? h('span', { class: 'muted' }, `Estimate ${fmt(run.credits)} credits`) : null),
    ];
    const files = JSON.stringify(run.files);
    const results = view.querySelector('#results');
    view.replaceChildren(...head.filter(Boolean),
      files === shownFiles && results ? results : h('div', { class: 'results', id: 'results' }, mediaOf(run.files, run.resultKind, run.caption || 'Result')),
      h('h2', {}, 'Request body'), h('pre', { id: 'request-body' }, JSON.stringify(run.body, null, 2)), copyButton('request body', () => JSON.stringify(run.body, null, 2)),
      h('h2', {}, 'Task handle'), h('pre', { id: 'task-handle' }, run.handle ? JSON.stringify(run.handle) : '(no task yet)'), run.handle ? copyButton('task handle', () => JSON.stringify(run.handle)) : null,
      h('h2', {}, 'Open in CLI'), h('pre', { id: 'command-line' }, run.commandLine), copyButton('command line', () => run.commandLine));
    shownFiles = files;
  };
  const listen = () => {
    if (source) source.close();
    source = new EventSource(`/api/runs/${number}/events`);
    source.onmessage = e => { const run = JSON.parse(e.data); render(run); if (!['submitting', 'waiting', 'saving'].includes(run.state)) source.close(); };
  };
  const first = await api('GET', '/api/runs/' + number);
  if (!first.ok) { view.append(h('p', { class: 'error' }, `No run ${number}.`)); return; }
  render(first.json);
  listen();
  leavePage = () => source && source.close();
}

// ---------- history and batches ----------
function card(item, href, kind) {
  const file = item.files[0];
  const thumb = !file ? h('div', { class: 'thumb' }, item.state)
    : /\.(mp4|webm|mov)$/i.test(file.name) || (kind === 'video' && !/\.(png|jpe?g|webp|gif)$/i.test(file.name))
      ? h('video', { src: file.url, muted: true, preload: 'metadata', 'aria-label': 'Result video' })
      : h('img', { src: file.url, alt: item.caption ? 'Result of: ' + item.caption.slice(0, 80) : 'Result image', loading: 'lazy' });
  return h('article', { class: 'card ' + item.state, 'data-state': item.state },
    href ? h('a', { href, 'aria-label': `Open ${item.title}` }, thumb) : thumb,
    h('div', { class: 'row' }, badge(item.state), h('strong', {}, item.title)),
    item.caption ? h('p', { class: 'caption' }, item.caption) : null,
    h('p', { class: 'muted' }, item.subtitle),
    item.state === 'uncertain' ? h('p', { class: 'notice' }, `May have reached the service: ${item.message || ''} Fingerprint ${item.fingerprint || 'unknown'}.`) : null,
    item.state !== 'uncertain' && item.message ? h('p', { class: 'muted' }, item.message) : null);
}
async function historyPage() {
  setTitle('History');
  const runs = (await api('GET', '/api/runs')).json;
  main.append(h('h1', {}, 'History'),
    h('p', { class: 'muted' }, `${runs.length} task${runs.length === 1 ? '' : 's'} started in this studio, kept on disk; waiting tasks resume when it restarts.`),
    runs.length === 0 ? h('p', {}, 'Nothing yet: ', h('a', { href: '#/' }, 'pick a model'), '.') : null,
    h('div', { class: 'gallery', id: 'history' }, runs.map(r => card({ ...r, title: `Run ${r.number}`, subtitle: `${r.model} · ${r.operation} · ${new Date(r.createdAt).toLocaleString()}` }, '#/runs/' + r.number, r.resultKind))));
}
async function batchesPage() {
  setTitle('Batches');
  const list = (await api('GET', '/api/batches')).json;
  const path = h('input', { type: 'text', id: 'batch-path', placeholder: '/path/to/jobs.jsonl' });
  const message = h('p', { role: 'status' });
  const form = h('form', { onsubmit: async e => {
    e.preventDefault();
    const r = await api('POST', '/api/batches', { path: path.value });
    if (r.ok) location.hash = '#/batches/' + r.json.index; else message.textContent = r.json.message;
  } }, h('label', { for: 'batch-path' }, 'Jobs file of a batch '), path, ' ', h('button', { type: 'submit' }, 'Show'), message);
  main.append(h('h1', {}, 'Batches'), h('p', { class: 'muted' }, 'A batch run by "happyhorse batch JOBS.jsonl": every job with its state from the journal beside it.'), form,
    h('ul', {}, list.map(b => h('li', {}, h('a', { href: '#/batches/' + b.index }, b.path)))));
}
async function batchPage(index) {
  const view = h('div', {});
  main.append(h('p', {}, h('a', { href: '#/batches' }, '← Batches')), view);
  let timer = 0;
  const load = async () => {
    const r = await api('GET', '/api/batches/' + index);
    if (!r.ok) { view.replaceChildren(h('p', { class: 'error' }, `No batch ${index}.`)); return; }
    const b = r.json;
    setTitle('Batch ' + b.path);
    view.replaceChildren(h('h1', {}, 'Batch ', h('code', {}, b.path)),
      h('p', { id: 'batch-counts' }, Object.entries(b.counts).map(([k, v]) => h('span', { class: 'badge ' + k }, `${k}: ${v}`)).flatMap(x => [x, ' '])),
      h('div', { class: 'gallery', id: 'batch-jobs' }, b.jobs.map(j => card({ ...j, title: j.id, subtitle: `line ${j.line} · ${j.model || '?'} · ${j.operation || '?'}${j.taskId ? ' · task ' + j.taskId : ''}` }, null, null))));
    if (b.jobs.some(j => j.state === 'waiting' || j.state === 'pending')) timer = setTimeout(load, 2000);
  };
  leavePage = () => clearTimeout(timer);
  await load();
}

route();
