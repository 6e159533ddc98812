// The conditions builder: an enhancement only. Its buttons ("Add another condition",
// "Remove", "Update this condition", "Try this rule") post the whole page and return
// to the condition they acted on (#<key>-<n> or #<key>-try). Without this script the
// page scrolls there; with it, the keyboard lands there too: on the first control of
// the row, or on the answer of "Try this rule", which a screen reader then reads.
function land() {
  const id = decodeURIComponent(window.location.hash.slice(1));
  const target = id && document.getElementById(id);
  if (!target || !target.closest('.convivial-rule')) return;
  const result = target.querySelector('.convivial-try-result');
  if (result) {
    result.setAttribute('tabindex', '-1');
    result.focus();
    return;
  }
  const control = target.querySelector('select, input:not([type="hidden"]), textarea, button');
  if (control) control.focus();
}

// After the browser's own scroll to the fragment, which would otherwise undo the focus.
if (document.readyState === 'complete') setTimeout(land, 0);
else window.addEventListener('load', () => setTimeout(land, 0));
