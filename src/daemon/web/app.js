/* workforce-monitor dashboard: plain JavaScript, no dependency, served from
 * the daemon's GResource.  Every figure comes from the REST API
 * (docs/api.md); nothing is kept but the token, for this tab only. */
'use strict';

const API = '/api/v1';
const $ = (sel, root = document) => root.querySelector(sel);
/* A form's control by name (form.id, form.name would be the form's own). */
const fld = (form, name) => form.elements.namedItem(name);

/* Elements from data only (textContent, never innerHTML): names and ids
 * come from users and cameras. */
function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'class') e.className = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function setMsg(node, text, kind) {
  node.textContent = text || '';
  node.className = 'msg' + (kind ? ' ' + kind : '');
}

function fmtTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

function fmtBytes(n) {
  if (n === null || n === undefined) return '';
  const u = ['B', 'KB', 'MB', 'GB'];
  let i = 0;
  while (n >= 1000 && i < u.length - 1) { n /= 1000; i++; }
  return (i ? n.toFixed(1) : n) + ' ' + u[i];
}

function fmtDuration(ms) {
  if (!(ms >= 0)) return '';
  const m = Math.round(ms / 60000);
  return Math.floor(m / 60) + ' h ' + String(m % 60).padStart(2, '0') + ' min';
}

function isoDay(d) {
  return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' +
    String(d.getDate()).padStart(2, '0');
}

/* ---- token and requests ---- */

class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message || code || ('HTTP ' + status));
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

const token = {
  get: () => sessionStorage.getItem('wf-token'),
  set: (t) => sessionStorage.setItem('wf-token', t),
  clear: () => sessionStorage.removeItem('wf-token'),
};

/* Asks for the token in a modal dialog; resolves to it or null. */
function askToken(refused) {
  const dlg = $('#token-dialog');
  const form = $('#token-form');
  setMsg($('.msg', form), refused ? 'That token was refused. Try again.' : '', refused ? 'error' : '');
  fld(form, 'token').value = '';
  return new Promise((resolve) => {
    dlg.addEventListener('close', () => {
      const t = fld(form, 'token').value.trim();
      resolve(dlg.returnValue === 'ok' && t ? t : null);
    }, { once: true });
    dlg.showModal();
    fld(form, 'token').focus();
  });
}

/* A picture of the API through fetch, so that the token goes with it (an
 * <img> could not send it off loopback); its object URL is added to @urls,
 * for the caller to revoke. */
async function authImage(url, alt, size, urls) {
  const img = el('img', { alt, width: size, height: size });
  try {
    const headers = {};
    const t = token.get();
    if (t) headers.Authorization = 'Bearer ' + t;
    const r = await fetch(url, { headers, cache: 'no-store' });
    if (r.ok) {
      const u = URL.createObjectURL(await r.blob());
      urls.push(u);
      img.src = u;
    }
  } catch (e) { /* the caller says the rest */ }
  return img;
}

/* One request; a 401 asks for the token (again, when the one given was
 * refused) at most three times. */
async function request(method, path, body, type) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const headers = {};
    const t = token.get();
    if (t) headers.Authorization = 'Bearer ' + t;
    if (type) headers['Content-Type'] = type;
    const r = await fetch(API + path, { method, headers, body });
    if (r.status === 401) {
      const had = !!t;
      token.clear();
      const next = await askToken(had);
      if (!next) throw new ApiError(401, 'unauthorized', 'This needs the token.');
      token.set(next);
      continue;
    }
    if (!r.ok) {
      let j = {};
      try { j = await r.json(); } catch (e) { /* not JSON */ }
      throw new ApiError(r.status, j.error, j.message, j.field);
    }
    if (r.status === 204) return null;
    return r.json();
  }
  throw new ApiError(401, 'unauthorized', 'The token was refused.');
}

const get = (path) => request('GET', path);
const sendJson = (method, path, obj) => request(method, path, JSON.stringify(obj), 'application/json');

/* ---- zones and lines in the occupancy syntax (src/occupancy/wf-zones.h) ---- */

function parseShapes(str) {
  const out = [];
  for (const entry of (str || '').split(';')) {
    const s = entry.trim();
    if (!s) continue;
    const eq = s.indexOf('=');
    const name = eq > 0 ? s.slice(0, eq) : s;
    const pts = (eq > 0 ? s.slice(eq + 1) : '').trim().split(/\s+/).filter(Boolean)
      .map((p) => p.split(',').map(Number));
    out.push({ name, pts });
  }
  return out;
}

function formatShapes(shapes) {
  const n = (v) => String(Math.round(v * 1000) / 1000);
  return shapes.map((s) => s.name + '=' + s.pts.map((p) => n(p[0]) + ',' + n(p[1])).join(' ')).join(';');
}

/* ---- pages ---- */

const pages = {};
let current = null;
let employeeNames = new Map();

async function loadEmployees() {
  try {
    const j = await get('/employees');
    employeeNames = new Map(j.employees.map((e) => [e.id, e.name]));
    return j.employees;
  } catch (e) {
    return [];
  }
}

function status(text) { $('#status').textContent = text; }

/* Live: one card per camera, its latest analysed frame fetched only while
 * this page is shown and the tab is visible (the daemon encodes a snapshot
 * only when asked: no viewer, no cost). */
pages.live = (() => {
  const cards = new Map();
  let listTimer = null;
  let running = false;

  function drawShapes(ctx, w, h, zones, lines, editing) {
    ctx.lineWidth = 2;
    ctx.font = '13px system-ui, sans-serif';
    for (const z of zones) {
      if (z.pts.length < 2) continue;
      ctx.strokeStyle = '#4fc3f7';
      ctx.fillStyle = 'rgba(79,195,247,0.12)';
      ctx.beginPath();
      z.pts.forEach((p, i) => (i ? ctx.lineTo : ctx.moveTo).call(ctx, p[0] * w, p[1] * h));
      ctx.closePath();
      ctx.fill();
      ctx.stroke();
      ctx.fillStyle = '#4fc3f7';
      ctx.fillText(z.name, z.pts[0][0] * w + 4, z.pts[0][1] * h + 14);
    }
    for (const l of lines) {
      if (l.pts.length !== 2) continue;
      ctx.strokeStyle = '#ff5cf0';
      ctx.beginPath();
      ctx.moveTo(l.pts[0][0] * w, l.pts[0][1] * h);
      ctx.lineTo(l.pts[1][0] * w, l.pts[1][1] * h);
      ctx.stroke();
      ctx.fillStyle = '#ff5cf0';
      ctx.fillText(l.name, l.pts[0][0] * w + 4, l.pts[0][1] * h + 14);
    }
    if (editing) {
      for (const s of zones.concat(lines)) {
        for (const p of s.pts) {
          ctx.fillStyle = '#fff';
          ctx.strokeStyle = '#000';
          ctx.beginPath();
          ctx.arc(p[0] * w, p[1] * h, 6, 0, 2 * Math.PI);
          ctx.fill();
          ctx.stroke();
        }
      }
    }
  }

  function drawLabels(ctx, w, h, objects) {
    ctx.font = 'bold 13px system-ui, sans-serif';
    for (const o of objects) {
      let label = o.type === 'person' ? 'person' : 'face';
      if (o.known) label = employeeNames.get(o.employee_id) || o.employee_id;
      else if (o.known === false) label = 'unknown';
      if (o.track !== undefined) label += ' #' + o.track;
      const x = o.x * w, y = Math.max(14, o.y * h - 4);
      const tw = ctx.measureText(label).width;
      ctx.fillStyle = 'rgba(0,0,0,0.6)';
      ctx.fillRect(x - 2, y - 13, tw + 4, 16);
      ctx.fillStyle = o.known ? '#2ecc71' : (o.known === false ? '#ffa000' : '#3a8ee6');
      ctx.fillText(label, x, y);
    }
  }

  function render(card) {
    const cv = card.canvas;
    const ctx = cv.getContext('2d');
    if (card.image) {
      if (cv.width !== card.image.width || cv.height !== card.image.height) {
        cv.width = card.image.width;
        cv.height = card.image.height;
      }
      ctx.drawImage(card.image, 0, 0);
      drawLabels(ctx, cv.width, cv.height, card.objects);
      cv.dataset.picture = 'live';
    } else {
      cv.dataset.picture = 'down';
      ctx.fillStyle = '#222';
      ctx.fillRect(0, 0, cv.width, cv.height);
      ctx.fillStyle = '#f66';
      ctx.font = 'bold 20px system-ui, sans-serif';
      ctx.fillText(card.downText || 'no picture', 16, 36);
    }
    const zones = card.editing ? card.edit.zones : parseShapes(card.cam.zones);
    const lines = card.editing ? card.edit.lines : parseShapes(card.cam.lines);
    // over a down notice only while editing: nothing may look live
    if (card.image || card.editing) drawShapes(ctx, cv.width, cv.height, zones, lines, card.editing);
  }

  async function pull(card) {
    if (!running || card.gone) return;
    // a site of several nodes: another node runs it (docs/scale-out.md)
    if (card.cam.state === 'elsewhere' || card.cam.state === 'unplaced') {
      card.image = null;
      card.downText = card.cam.node ? 'runs on node ' + card.cam.node : 'no node runs it now';
      render(card);
      card.timer = setTimeout(() => pull(card), 1500);
      return;
    }
    if (!document.hidden) {
      try {
        const headers = {};
        const t = token.get();
        if (t) headers.Authorization = 'Bearer ' + t;
        const r = await fetch(API + '/cameras/' + encodeURIComponent(card.id) + '/snapshot.jpg?width=640',
          { headers, cache: 'no-store' });
        if (r.ok) {
          card.objects = JSON.parse(r.headers.get('X-WF-Objects') || '[]');
          const img = await createImageBitmap(await r.blob());
          if (card.image && card.image.close) card.image.close();
          card.image = img;
          card.frames = (card.frames || 0) + 1;
          card.canvas.dataset.snapshots = card.frames;
          card.down.textContent = '';
        } else {
          let j = {};
          try { j = await r.json(); } catch (e) { /* not JSON */ }
          if (card.image && card.image.close) card.image.close();
          card.image = null;
          card.objects = [];
          card.downText = card.cam.state === 'disabled' ? 'camera disabled' : 'camera down: ' + card.cam.state;
          setMsg(card.down, j.message || ('no picture (' + r.status + ')'), 'down-note');
        }
      } catch (e) {
        card.image = null;
        card.downText = 'daemon unreachable';
      }
      render(card);
    }
    card.timer = setTimeout(() => pull(card), card.image ? 250 : 1500);
  }

  function startEditor(card) {
    card.editing = true;
    card.edit = { zones: parseShapes(card.cam.zones), lines: parseShapes(card.cam.lines) };
    card.editorBox.hidden = false;
    card.zonesText.value = card.cam.zones;
    card.linesText.value = card.cam.lines;
    setMsg(card.editorMsg, '');
    render(card);
  }

  function syncText(card) {
    card.zonesText.value = formatShapes(card.edit.zones);
    card.linesText.value = formatShapes(card.edit.lines);
  }

  function pointerPos(card, ev) {
    const r = card.canvas.getBoundingClientRect();
    return [Math.min(1, Math.max(0, (ev.clientX - r.left) / r.width)),
      Math.min(1, Math.max(0, (ev.clientY - r.top) / r.height))];
  }

  function attachDrag(card) {
    const cv = card.canvas;
    cv.addEventListener('pointerdown', (ev) => {
      if (!card.editing) return;
      const [x, y] = pointerPos(card, ev);
      const r = cv.getBoundingClientRect();
      let best = null, bestD = 12;
      for (const s of card.edit.zones.concat(card.edit.lines)) {
        for (const p of s.pts) {
          const d = Math.hypot((p[0] - x) * r.width, (p[1] - y) * r.height);
          if (d < bestD) { best = p; bestD = d; }
        }
      }
      if (!best) return;
      card.drag = best;
      cv.setPointerCapture(ev.pointerId);
      ev.preventDefault();
    });
    cv.addEventListener('pointermove', (ev) => {
      if (!card.drag) return;
      const [x, y] = pointerPos(card, ev);
      card.drag[0] = x;
      card.drag[1] = y;
      syncText(card);
      render(card);
    });
    const end = () => { card.drag = null; };
    cv.addEventListener('pointerup', end);
    cv.addEventListener('pointercancel', end);
  }

  async function saveEditor(card) {
    try {
      const cam = await sendJson('PATCH', '/cameras/' + encodeURIComponent(card.id),
        { zones: card.zonesText.value.trim(), lines: card.linesText.value.trim() });
      card.cam = cam;
      card.editing = false;
      card.editorBox.hidden = true;
      setMsg(card.down, 'zones and lines saved', 'ok');
      render(card);
    } catch (e) {
      setMsg(card.editorMsg, e.message, 'error');
    }
  }

  /* Disable stops the camera's pipeline (state "disabled"), Enable starts
   * it again (token). */
  async function setEnabled(card, enabled) {
    card.toggle.disabled = true;
    try {
      const cam = await sendJson('PATCH', '/cameras/' + encodeURIComponent(card.id), { enabled });
      updateCard(card, cam, Date.now());
      setMsg(card.down, 'camera ' + (enabled ? 'enabled' : 'disabled'), 'ok');
      clearTimeout(card.timer);
      pull(card);
    } catch (e) {
      setMsg(card.down, e.message, 'error');
    } finally {
      card.toggle.disabled = false;
    }
  }

  function makeCard(cam) {
    const card = { id: cam.id, cam, objects: [] };
    card.badge = el('span', { class: 'badge' });
    card.meta = el('p', { class: 'meta' });
    card.down = el('p', { class: 'msg down-note', role: 'status' });
    card.canvas = el('canvas', { width: 640, height: 360, role: 'img',
      'aria-label': 'Latest analysed frame of camera ' + cam.id, 'data-camera': cam.id });
    card.zonesText = el('textarea', { 'aria-label': 'Zones of ' + cam.id, spellcheck: 'false' });
    card.linesText = el('textarea', { 'aria-label': 'Lines of ' + cam.id, spellcheck: 'false' });
    card.editorMsg = el('p', { class: 'msg', role: 'alert' });
    card.toggle = el('button', { type: 'button', class: 'secondary toggle-enabled',
      onclick: () => setEnabled(card, !card.cam.enabled) });
    const onText = () => {
      card.edit = { zones: parseShapes(card.zonesText.value), lines: parseShapes(card.linesText.value) };
      render(card);
    };
    card.zonesText.addEventListener('input', onText);
    card.linesText.addEventListener('input', onText);
    card.editorBox = el('div', { class: 'editor', hidden: true },
      el('p', { class: 'note' }, 'Drag the points on the picture, or edit the text (name=x,y x,y ...; entries separated by ";").'),
      el('label', {}, 'Zones', card.zonesText),
      el('label', {}, 'Lines', card.linesText),
      el('div', { class: 'actions' },
        el('button', { type: 'button', onclick: () => {
          const n = card.edit.zones.length + 1;
          card.edit.zones.push({ name: 'zone' + n, pts: [[0.3, 0.3], [0.7, 0.3], [0.7, 0.7], [0.3, 0.7]] });
          syncText(card); render(card);
        } }, 'Add zone'),
        el('button', { type: 'button', onclick: () => {
          const n = card.edit.lines.length + 1;
          card.edit.lines.push({ name: 'line' + n, pts: [[0.5, 0.2], [0.5, 0.8]] });
          syncText(card); render(card);
        } }, 'Add line'),
        el('button', { type: 'button', class: 'save-zones', onclick: () => saveEditor(card) }, 'Save'),
        el('button', { type: 'button', class: 'secondary', onclick: () => {
          card.editing = false; card.editorBox.hidden = true; render(card);
        } }, 'Cancel')),
      card.editorMsg);
    card.node = el('article', { class: 'card', 'data-camera': cam.id },
      el('h3', {}, cam.id, card.badge),
      card.canvas, card.down, card.meta,
      el('div', { class: 'actions' },
        el('button', { type: 'button', class: 'secondary edit-zones', onclick: () => startEditor(card) }, 'Edit zones and lines'),
        card.toggle,
        el('button', { type: 'button', class: 'danger', onclick: async () => {
          if (!confirm('Remove camera ' + cam.id + '?')) return;
          try { await request('DELETE', '/cameras/' + encodeURIComponent(cam.id)); refresh(); } catch (e) { setMsg(card.down, e.message, 'error'); }
        } }, 'Remove')),
      card.editorBox);
    attachDrag(card);
    return card;
  }

  function updateCard(card, cam, now) {
    const prev = card.cam;
    card.cam = cam;
    card.badge.textContent = cam.state;
    card.badge.className = 'badge ' + cam.state;
    card.toggle.textContent = cam.enabled ? 'Disable' : 'Enable';
    card.toggle.setAttribute('aria-label', (cam.enabled ? 'Disable' : 'Enable') + ' camera ' + cam.id);
    let fps = '';
    if (card.lastFrames !== undefined && now > card.lastAt) {
      fps = ((cam.frames - card.lastFrames) * 1000 / (now - card.lastAt)).toFixed(1) + ' frames/s';
    }
    card.lastFrames = cam.frames;
    card.lastAt = now;
    card.meta.textContent = [fps, cam.frames + ' frames', cam.reconnects + ' reconnects',
      cam.pipeline, cam.last_error ? 'last error: ' + cam.last_error : ''].filter(Boolean).join(' · ');
    if (!card.editing && prev && (prev.zones !== cam.zones || prev.lines !== cam.lines)) render(card);
  }

  async function refresh() {
    let j;
    try { j = await get('/cameras'); } catch (e) { status(e.message); return; }
    const now = Date.now();
    const seen = new Set();
    const grid = $('#cameras');
    for (const cam of j.cameras) {
      seen.add(cam.id);
      let card = cards.get(cam.id);
      if (!card) {
        card = makeCard(cam);
        cards.set(cam.id, card);
        grid.append(card.node);
        render(card);
        if (running) pull(card);
      }
      updateCard(card, cam, now);
    }
    for (const [id, card] of cards) {
      if (!seen.has(id)) { card.gone = true; clearTimeout(card.timer); card.node.remove(); cards.delete(id); }
    }
    if (!j.cameras.length && !grid.querySelector('.note')) grid.append(el('p', { class: 'note' }, 'No camera yet.'));
  }

  $('#add-camera').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = ev.target;
    const body = { id: fld(f, 'id').value.trim(), uri: fld(f, 'uri').value.trim() };
    if (fld(f, 'pipeline').value.trim()) body.pipeline = fld(f, 'pipeline').value.trim();
    try {
      await sendJson('POST', '/cameras', body);
      setMsg($('.msg', f), 'camera ' + body.id + ' added', 'ok');
      f.reset();
      refresh();
    } catch (e) {
      setMsg($('.msg', f), e.message, 'error');
    }
  });

  return {
    async enter() {
      running = true;
      await loadEmployees();
      await refresh();
      for (const card of cards.values()) { clearTimeout(card.timer); pull(card); }
      listTimer = setInterval(refresh, 2000);
    },
    leave() {
      running = false;
      clearInterval(listTimer);
      for (const card of cards.values()) clearTimeout(card.timer);
    },
  };
})();

/* Occupancy: counts now, and the day's per-minute figures as a chart. */
pages.occupancy = (() => {
  let timer = null;

  function rows(tbody, items, cols) {
    tbody.replaceChildren(...items.map((it) => el('tr', {}, cols.map((c) => el('td', {}, it[c])))));
  }

  async function chart() {
    const sel = $('#chart-zone');
    const cv = $('#chart');
    const ctx = cv.getContext('2d');
    const note = $('#chart-note');
    ctx.clearRect(0, 0, cv.width, cv.height);
    if (!sel.value) { note.textContent = 'No zone yet.'; return; }
    const [camera, zone] = JSON.parse(sel.value);
    const start = new Date(); start.setHours(0, 0, 0, 0);
    const to = new Date();
    let j;
    try {
      j = await get('/occupancy/' + encodeURIComponent(camera) + '/' + encodeURIComponent(zone) +
        '?from=' + encodeURIComponent(start.toISOString()) + '&to=' + encodeURIComponent(to.toISOString()));
    } catch (e) { note.textContent = e.message; return; }
    const pts = j.minutes.map((m) => [new Date(m.minute).getTime(), m.peak, m.average]);
    const W = cv.width, H = cv.height, L = 40, B = 24;
    const t0 = start.getTime(), t1 = t0 + 24 * 3600e3;
    const max = Math.max(1, ...pts.map((p) => p[1]));
    ctx.strokeStyle = '#d9dde4';
    ctx.fillStyle = '#5d6675';
    ctx.font = '11px system-ui, sans-serif';
    for (let h = 0; h <= 24; h += 3) {
      const x = L + (W - L - 8) * h / 24;
      ctx.beginPath(); ctx.moveTo(x, 8); ctx.lineTo(x, H - B); ctx.stroke();
      ctx.fillText(String(h).padStart(2, '0') + ':00', Math.min(x - 14, W - 36), H - 8);
    }
    for (let v = 0; v <= max; v += Math.max(1, Math.ceil(max / 4))) {
      const y = H - B - (H - B - 8) * v / max;
      ctx.beginPath(); ctx.moveTo(L, y); ctx.lineTo(W - 8, y); ctx.stroke();
      ctx.fillText(String(v), 8, y + 4);
    }
    const X = (t) => L + (W - L - 8) * (t - t0) / (t1 - t0);
    const Y = (v) => H - B - (H - B - 8) * v / max;
    for (const [k, colour] of [[1, '#2060c0'], [2, '#1e8e4e']]) {
      ctx.strokeStyle = colour;
      ctx.lineWidth = 2;
      ctx.beginPath();
      pts.forEach((p, i) => (i ? ctx.lineTo : ctx.moveTo).call(ctx, X(p[0]), Y(p[k])));
      ctx.stroke();
      // a dot per minute, so that a short day still shows
      ctx.fillStyle = colour;
      for (const p of pts) ctx.fillRect(X(p[0]) - 2, Y(p[k]) - 2, 4, 4);
    }
    ctx.lineWidth = 1;
    note.textContent = pts.length + (pts.length === 1 ? ' minute' : ' minutes') + ' stored today for ' + camera + '/' + zone +
      ' (blue: peak, green: average per minute).';
  }

  async function refresh() {
    let j;
    try { j = await get('/occupancy'); } catch (e) { status(e.message); return; }
    rows($('#zones-now tbody'), j.zones, ['camera', 'zone', 'count', 'peak']);
    rows($('#lines-now tbody'), j.lines, ['camera', 'line', 'in', 'out']);
    const sel = $('#chart-zone');
    const keep = sel.value;
    const opts = j.zones.map((z) => JSON.stringify([z.camera, z.zone]));
    if (opts.join() !== [...sel.options].map((o) => o.value).join()) {
      sel.replaceChildren(...j.zones.map((z) => el('option', { value: JSON.stringify([z.camera, z.zone]) }, z.camera + ' / ' + z.zone)));
      if (opts.includes(keep)) sel.value = keep;
    }
  }

  $('#chart-zone').addEventListener('change', chart);
  return {
    async enter() { await refresh(); await chart(); timer = setInterval(refresh, 2000); },
    leave() { clearInterval(timer); },
  };
})();

/* Attendance over a range of days, and the same range as CSV. */
pages.attendance = (() => {
  const form = $('#att-range');

  function csvHref() {
    return API + '/attendance.csv?from=' + fld(form, 'from').value + '&to=' + fld(form, 'to').value;
  }

  async function show() {
    const msg = $('.msg', form);
    const from = new Date(fld(form, 'from').value + 'T00:00:00');
    const to = new Date(fld(form, 'to').value + 'T00:00:00');
    if (isNaN(from) || isNaN(to) || from > to) { setMsg(msg, 'Choose a start day on or before the end day.', 'error'); return; }
    const days = Math.round((to - from) / 86400e3) + 1;
    if (days > 62) { setMsg(msg, 'At most 62 days here; the CSV takes up to a year.', 'error'); return; }
    setMsg(msg, '');
    $('#att-csv').href = csvHref();
    const out = [];
    for (let d = new Date(from); d <= to; d.setDate(d.getDate() + 1)) {
      const day = isoDay(d);
      try {
        const j = await get('/attendance?date=' + day);
        for (const r of j.attendance) out.push([day, r]);
      } catch (e) { setMsg(msg, e.message, 'error'); return; }
    }
    $('#att-table tbody').replaceChildren(...out.map(([day, r]) => el('tr', {},
      el('td', {}, day), el('td', {}, r.name || r.employee_id), el('td', {}, fmtTime(r.first_seen)),
      el('td', {}, fmtTime(r.last_seen)),
      el('td', {}, fmtDuration(new Date(r.last_seen) - new Date(r.first_seen))),
      el('td', {}, (r.cameras || []).join(', ')))));
    if (!out.length) $('#att-table tbody').append(el('tr', {}, el('td', { colspan: 6 }, 'Nobody recognised on these days.')));
  }

  form.addEventListener('submit', (ev) => { ev.preventDefault(); show(); });
  form.addEventListener('change', () => { $('#att-csv').href = csvHref(); });
  return {
    async enter() {
      if (!fld(form, 'from').value) fld(form, 'from').value = fld(form, 'to').value = isoDay(new Date());
      await show();
    },
    leave() {},
  };
})();

/* Face library: web/faces.js. */

/* Events: the live stream, filtered by camera and type, after the journal. */
pages.events = (() => {
  const TYPES = ['identity', 'zone-enter', 'zone-exit', 'line-cross', 'over-capacity', 'capacity-normal',
    'camera-state', 'camera-added', 'camera-removed', 'employee-enrolled', 'employee-deleted', 'occupancy', 'detection'];
  const form = $('#ev-filter');
  const list = $('#ev-list');
  let source = null;
  const MAX = 300;

  fld(form, 'type').append(...TYPES.map((t) => el('option', { value: t }, t)));

  function add(ev) {
    list.prepend(el('li', { 'data-type': ev.type },
      el('span', { class: 'type' }, ev.type), fmtTime(ev.time), ' ', ev.camera || '', ' ',
      JSON.stringify(ev.data || {})));
    while (list.children.length > MAX) list.lastChild.remove();
  }

  function matches(ev) {
    const type = fld(form, 'type').value;
    // per-frame detections only when asked for: they would bury the rest
    return (!fld(form, 'camera').value || ev.camera === fld(form, 'camera').value) &&
      (type ? ev.type === type : ev.type !== 'detection');
  }

  async function start() {
    if (source) source.close();
    list.replaceChildren();
    try {
      const j = await get('/journal?limit=100&after=0');
      j.events.filter(matches).forEach(add);
    } catch (e) { $('#ev-state').textContent = e.message; }
    const q = new URLSearchParams();
    if (fld(form, 'camera').value) q.set('camera', fld(form, 'camera').value);
    q.set('types', fld(form, 'type').value || TYPES.filter((t) => t !== 'detection').join(','));
    source = new EventSource(API + '/events?' + q);
    source.onopen = () => { $('#ev-state').textContent = 'live'; };
    source.onerror = () => { $('#ev-state').textContent = 'reconnecting...'; };
    const handler = (m) => { try { add(JSON.parse(m.data)); } catch (e) { /* ignore */ } };
    for (const t of TYPES) source.addEventListener(t, handler);
  }

  form.addEventListener('change', start);
  return {
    async enter() {
      try {
        const j = await get('/cameras');
        const keep = fld(form, 'camera').value;
        fld(form, 'camera').replaceChildren(el('option', { value: '' }, 'all'), ...j.cameras.map((c) => el('option', { value: c.id }, c.id)));
        fld(form, 'camera').value = keep;
      } catch (e) { /* shown by start */ }
      await start();
    },
    leave() { if (source) source.close(); source = null; },
  };
})();

/* System: the process's memory as bars, models, cameras' queues. */
pages.system = (() => {
  let timer = null;

  function bars(node, items) {
    const max = Math.max(1, ...items.map((i) => i[1]));
    node.replaceChildren(...items.map(([label, v]) => {
      const fill = el('span', { class: 'fill' });
      // through the CSSOM: the page's policy forbids style attributes
      fill.style.width = (100 * v / max).toFixed(1) + '%';
      return el('div', { class: 'bar' }, el('span', { class: 'label' }, label), el('span', {}, fill),
        el('span', {}, fmtBytes(v)));
    }));
  }

  async function refresh() {
    let m, h;
    try { [m, h] = await Promise.all([get('/memory'), get('/health')]); } catch (e) { status(e.message); return; }
    const facts = [['Version', h.version], ['Status', h.status], ['Up', Math.round(h.uptime_seconds) + ' s'],
      ['Features', (h.features || []).join(', ')], ['Threads', m.threads],
      ['API ready after', m.startup && m.startup.api_ready_seconds !== undefined ? m.startup.api_ready_seconds + ' s' : ''],
      ['First frame after', m.startup && m.startup.first_frame_seconds ? m.startup.first_frame_seconds + ' s' : '']];
    $('#sys-facts').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
    bars($('#sys-memory'), [['resident (RSS)', m.rss_bytes], ['peak (HWM)', m.hwm_bytes],
      ['anonymous', m.rss_anon_bytes], ['file-backed', m.rss_file_bytes],
      ['heap in use', m.malloc ? m.malloc.in_use_bytes : 0], ['models', m.models_bytes || 0],
      ['store file', m.store ? m.store.file_bytes || 0 : 0]]);
    bars($('#sys-models'), (m.models || []).map((x) => [x.name, x.bytes]));
    $('#sys-cameras tbody').replaceChildren(...(m.cameras || []).map((c) => el('tr', {},
      el('td', {}, c.id), el('td', {}, c.queued_buffers), el('td', {}, fmtBytes(c.queued_bytes)),
      el('td', {}, c.elements), el('td', {}, (c.trackers || []).map((t) => t.factory + ' ' + t.tracks).join(', ')))));
  }

  return {
    async enter() { await refresh(); timer = setInterval(refresh, 3000); },
    leave() { clearInterval(timer); },
  };
})();

/* ---- routing ---- */

async function route() {
  const name = (location.hash || '#live').slice(1);
  const page = pages[name] ? name : 'live';
  if (current && current !== page) pages[current].leave();
  for (const s of document.querySelectorAll('.page')) s.hidden = s.id !== 'page-' + page;
  for (const a of document.querySelectorAll('nav a')) {
    if (a.dataset.page === page) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const changed = current !== page;
  current = page;
  document.title = 'workforce-monitor: ' + page;
  if (changed) {
    await pages[page].enter();
    document.body.dataset.ready = page;
  }
}

window.addEventListener('hashchange', () => { route(); $('#main').focus(); });
document.addEventListener('visibilitychange', () => {
  if (!document.hidden && current === 'live') { pages.live.leave(); pages.live.enter(); }
});
get('/health').then((h) => status(h.status + ' · ' + h.version)).catch((e) => status(e.message));
// after every deferred script (web/faces.js adds pages.faces)
document.addEventListener('DOMContentLoaded', route);
