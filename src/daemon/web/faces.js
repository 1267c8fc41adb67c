/* workforce-monitor dashboard: the face library's unknown faces (the review
 * loop, docs/privacy.md "Unknown faces"): each group's best crop, enrol it
 * as a new employee or add it to one, or discard it.  Loaded after app.js,
 * whose helpers (el, $, request, sendJson, token, setMsg, fmtTime,
 * loadEmployees, pages) it uses. */
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

if (current === 'faces') unknownFaces.refresh();
