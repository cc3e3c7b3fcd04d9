// Submits a filter form as soon as one of its choices changes: <select data-auto-submit>.
// Kept out of the templates so that pages need no inline event handler; the form's
// <noscript> button does the same without JavaScript.
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target instanceof HTMLSelectElement && target.hasAttribute("data-auto-submit") && target.form) {
    target.form.requestSubmit();
  }
});
