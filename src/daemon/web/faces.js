/* workforce-monitor dashboard: the face library.  The employees with the
 * faces kept with them, enrolment by photo with the API's answer shown,
 * erasure; and the unknown faces (the review loop, docs/privacy.md
 * "Unknown faces"): each group's best crop, enrol it as a new employee or
 * add it to one, or discard it.  Loaded after app.js, whose helpers (el, $,
 * fld, request, sendJson, get, authImage, setMsg, fmtTime, loadEmployees,
 * API, pages) it uses; app.js routes once both have run. */
'use strict';

const unknownFaces = (() => {
  const list = $('#unknowns');
  const msg = $('#unknowns-msg');
  let urls = [];

  function cropImage(g) {
    return authImage(g.best_crop_url, 'Unknown face seen on ' + g.cameras.join(', '), 96, urls);
  }

  async function act(what, g, form) {
    const out = $('.msg', form);
    try {
      if (what === 'discard') {
        await request('DELETE', '/unknown-faces/' + g.id);
        setMsg(msg, 'Discarded.', 'ok');
      } else {
        const body = what === 'new'
          ? { name: fld(form, 'name').value.trim(), consent: fld(form, 'consent').checked }
          : { employee: fld(form, 'employee').value };
        const e = await sendJson('POST', '/unknown-faces/' + g.id + '/enrol', body);
        setMsg(msg, (what === 'new' ? 'Enrolled ' : 'Added to ') + e.name + ' (' + e.id + ').', 'ok');
        if (pages.faces && pages.faces.enter) pages.faces.enter();
      }
      await refresh();
    } catch (err) {
      setMsg(out, err.message, 'error');
    }
  }

  function card(g, employees, img) {
    const form = el('form', { class: 'form unknown', 'data-group': g.id },
      img,
      el('p', { class: 'note' }, g.count + ' crop(s) · ' + g.cameras.join(', ') + ' · last seen ' + fmtTime(g.last_seen)),
      el('label', {}, 'Name', el('input', { name: 'name', autocomplete: 'off' })),
      el('label', { class: 'check' }, el('input', { type: 'checkbox', name: 'consent', checked: '' }), 'Consent given'),
      el('button', { type: 'submit', name: 'new' }, 'Enrol as new employee'),
      el('label', {}, 'Existing employee', el('select', { name: 'employee' },
        ...employees.map((e) => el('option', { value: e.id }, e.name + ' (' + e.id + ')')))),
      el('button', { type: 'button', class: 'secondary', name: 'add' }, 'Add to employee'),
      el('button', { type: 'button', class: 'danger', name: 'discard' }, 'Discard'),
      el('p', { class: 'msg', role: 'alert' }));
    form.addEventListener('submit', (ev) => { ev.preventDefault(); act('new', g, form); });
    form.elements.namedItem('add').addEventListener('click', () => act('add', g, form));
    form.elements.namedItem('discard').addEventListener('click', () => act('discard', g, form));
    if (!employees.length) form.elements.namedItem('add').disabled = true;
    return form;
  }

  async function refresh() {
    for (const u of urls) URL.revokeObjectURL(u);
    urls = [];
    let j;
    try {
      /* storage is opt-in: say so rather than ask for a list that is not kept */
      const h = await get('/health');
      if (!(h.privacy && h.privacy.store_unknown_crops)) {
        list.replaceChildren();
        list.dataset.groups = 0;
        $('#unknowns-state').textContent =
          'Unknown faces are not stored (opt-in: [privacy] store-unknown-crops = true; see docs/privacy.md).';
        return;
      }
      j = await get('/unknown-faces');
    } catch (err) {
      list.replaceChildren();
      $('#unknowns-state').textContent = err.message;
      return;
    }
    const employees = await loadEmployees();
    $('#unknowns-state').textContent = j.groups.length
      ? j.groups.length + ' unknown face(s), kept ' + Math.round(j.keep_seconds / 3600) + ' h after last seen'
      : 'No unknown face stored now.';
    const imgs = await Promise.all(j.groups.map(cropImage));
    list.replaceChildren(...j.groups.map((g, i) => el('li', {}, card(g, employees, imgs[i]))));
    list.dataset.groups = j.groups.length;
  }

  return { refresh };
})();

pages.faces = (() => {
  const form = $('#enrol');
  let urls = [];

  /* The photos kept with an employee's faces (crops enrolled from the
   * unknown faces), as thumbnails. */
  async function facePhotos(e) {
    const cell = el('td', { class: 'faces' });
    if (!e.photos) return cell;
    try {
      const j = await get('/employees/' + encodeURIComponent(e.id) + '/faces');
      const kept = j.faces.filter((f) => f.photo_stored);
      cell.append(...await Promise.all(kept.map((f) => authImage(API + '/employees/' +
        encodeURIComponent(e.id) + '/faces/' + f.id, 'A face of ' + e.name + ' (' + f.source + ')', 48, urls))));
    } catch (err) { cell.append(err.message); }
    return cell;
  }

  async function refreshEmployees() {
    const list = await loadEmployees();
    for (const u of urls) URL.revokeObjectURL(u);
    urls = [];
    const photos = await Promise.all(list.map(facePhotos));
    $('#employees tbody').replaceChildren(...list.map((e, i) => el('tr', { 'data-employee': e.id },
      el('td', {}, e.id), el('td', {}, e.name), el('td', {}, e.created ? new Date(e.created).toLocaleString() : ''),
      el('td', {}, e.descriptors), photos[i],
      el('td', {}, el('button', { type: 'button', class: 'danger', onclick: async () => {
        if (!confirm('Erase ' + e.name + ' and everything recorded about them?')) return;
        try {
          await request('DELETE', '/employees/' + encodeURIComponent(e.id));
          refreshEmployees();
        } catch (err) { setMsg($('.msg', form), err.message, 'error'); }
      } }, 'Erase')))));
    if (!list.length) $('#employees tbody').append(el('tr', {}, el('td', { colspan: 6 }, 'Nobody enrolled yet.')));
  }

  /* Sends the form; @largest: a photo with several faces gives its largest
   * face, which the page asks for only when told to (the button that a
   * refusal for several faces shows), never by default (docs/api.md). */
  async function enrol(largest) {
    const msg = $('.msg', form);
    const again = fld(form, 'largest');
    const body = new FormData();
    body.append('name', fld(form, 'name').value.trim());
    if (fld(form, 'id').value.trim()) body.append('id', fld(form, 'id').value.trim());
    body.append('largest', largest ? 'true' : 'false');
    const files = [...fld(form, 'photo').files];
    for (const f of files) body.append('photo', f, f.name);
    again.hidden = true;
    setMsg(msg, 'Looking for a face...');
    try {
      const e = await request('POST', '/employees', body);
      setMsg(msg, 'Enrolled ' + e.name + ' (' + e.id + ') from ' + files.length + ' photo(s).', 'ok');
      form.reset();
      refreshEmployees();
    } catch (err) {
      // the API's message names the photo and why: no face, several faces,
      // not an image, too large
      setMsg(msg, 'Not enrolled: ' + err.message, 'error');
      again.hidden = !(err.field === 'photo' && / faces found/.test(err.message));
    }
  }

  form.addEventListener('submit', (ev) => { ev.preventDefault(); enrol(false); });
  fld(form, 'largest').addEventListener('click', () => { if (form.reportValidity()) enrol(true); });
  return {
    refreshEmployees,
    enter() {
      unknownFaces.refresh();
      return refreshEmployees();
    },
    leave() {},
  };
})();
