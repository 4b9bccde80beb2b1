// Behaviour wired by data attributes, so templates need no inline scripts (CSP).
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target.matches("[data-autosubmit]")) target.form.requestSubmit();
});
document.addEventListener("click", (event) => {
  const toggle = event.target.closest("[data-check-all]");
  if (!toggle) return;
  const scope = document.querySelector(toggle.dataset.checkAll);
  if (!scope) return;
  scope.querySelectorAll("input[type=checkbox][name]").forEach((box) => {
    box.checked = toggle.checked;
  });
});
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
});
