// Drag and drop for the question list: an enhancement only. Each drop posts the same
// move the "Move up"/"Move down" buttons make, naming the section and position, and
// then reloads the page so what is shown is what the server saved (and merged).
const state = document.getElementById('editor-state');

function post(fieldId, sectionId, index) {
  const body = new URLSearchParams({
    csrf_token: state.dataset.editorCsrf,
    revision: state.dataset.editorRevision,
    section: sectionId,
    index: String(index),
  });
  const url = `${window.location.pathname.replace(/\/$/, '')}/fields/${encodeURIComponent(fieldId)}/move`;
  return fetch(url, { method: 'POST', body, credentials: 'same-origin' }).then(() => {
    window.location.hash = `field-${fieldId}`;
    window.location.reload();
  });
}

if (state) {
  let dragged = null;
  for (const row of document.querySelectorAll('.convivial-fields > .convivial-field-row')) {
    row.setAttribute('draggable', 'true');
    row.addEventListener('dragstart', (event) => {
      dragged = row;
      row.classList.add('is-dragging');
      event.dataTransfer.effectAllowed = 'move';
    });
    row.addEventListener('dragend', () => row.classList.remove('is-dragging'));
  }
  for (const list of document.querySelectorAll('.convivial-fields')) {
    list.addEventListener('dragover', (event) => event.preventDefault());
    list.addEventListener('drop', (event) => {
      event.preventDefault();
      if (!dragged) return;
      const rows = [...list.querySelectorAll(':scope > .convivial-field-row')].filter((r) => r !== dragged);
      const target = event.target.closest('.convivial-field-row');
      const index = target && rows.includes(target) ? rows.indexOf(target) : rows.length;
      post(dragged.dataset.fieldId, list.dataset.sectionId, index);
    });
  }
}

// The YAML view: check the text as the designer types (after a pause), without saving,
// and say what is wrong in a live region under the text area. Saving still checks again.
const yaml = document.querySelector('textarea[data-check-url]');
if (yaml) {
  const status = document.getElementById('yaml-live');
  const token = yaml.form.querySelector('input[name="csrf_token"]').value;
  let timer = null;
  let asked = 0;
  const check = () => {
    const mine = ++asked;
    const body = new URLSearchParams({ csrf_token: token, yaml: yaml.value });
    fetch(yaml.dataset.checkUrl, { method: 'POST', body, credentials: 'same-origin' })
      .then((response) => response.json())
      .then((result) => {
        if (mine !== asked) return; // an older answer arriving late
        const errors = result.problems.filter((p) => p.severity !== 'warning');
        status.replaceChildren();
        const heading = document.createElement('p');
        heading.className = 'govuk-body';
        heading.textContent = errors.length
          ? `${errors.length} ${errors.length === 1 ? 'problem' : 'problems'} so far:`
          : 'No errors so far.';
        status.append(heading);
        const list = document.createElement('ul');
        list.className = 'govuk-list govuk-list--bullet';
        for (const p of result.problems) {
          const item = document.createElement('li');
          const where = p.line ? `Line ${p.line}` : p.path || 'form';
          item.textContent = `${where}: ${p.code} ${p.message}`;
          list.append(item);
        }
        status.append(list);
      })
      .catch(() => {});
  };
  yaml.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(check, 600);
  });
}
