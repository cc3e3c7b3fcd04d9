// Keys for Review kinds: each digit ticks or unticks a kind of the highlighted post (the
// key is shown beside the kind), Enter confirms that post, j/k move between posts. Without
// this script every post is still a form with checkboxes and a Confirm button; with htmx
// the confirmation swaps in the next posts and the first of them is highlighted.
(function () {
  "use strict";
  var review = document.querySelector("[data-review]");
  if (!review) { return; }
  var current = -1;

  function posts() {
    return Array.prototype.slice.call(review.querySelectorAll("[data-review-post]"));
  }

  function select(index) {
    var all = posts();
    if (!all.length) { current = -1; return; }
    current = Math.max(0, Math.min(all.length - 1, index));
    all.forEach(function (post, i) {
      post.classList.toggle("selected", i === current);
      if (i === current) { post.setAttribute("aria-current", "true"); }
      else { post.removeAttribute("aria-current"); }
    });
    all[current].focus();
  }

  function currentForm() {
    var all = posts();
    return current >= 0 && all[current] ? all[current].querySelector("form") : null;
  }

  function toggle(key) {
    var form = currentForm();
    var box = form && form.querySelector('input[type="checkbox"][data-key="' + key + '"]');
    if (!box) { return false; }
    box.checked = !box.checked;
    box.dispatchEvent(new Event("change", { bubbles: true }));
    return true;
  }

  function confirmCurrent() {
    var form = currentForm();
    if (!form || form.classList.contains("htmx-request")) { return false; }  // once per post
    form.requestSubmit();
    return true;
  }

  // Clicking or tabbing into a post makes it the highlighted one.
  review.addEventListener("focusin", function (event) {
    var index = posts().indexOf(event.target.closest("[data-review-post]"));
    if (index >= 0 && index !== current) {
      current = index;
      posts().forEach(function (post, i) { post.classList.toggle("selected", i === current); });
    }
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var tag = target && target.tagName;
    // Typing in a field, or Enter on a link or button, keeps its usual meaning.
    if (/^(SELECT|TEXTAREA|A|BUTTON)$/.test(tag)) { return; }
    if (tag === "INPUT" && target.type !== "checkbox") { return; }
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var handled = false;
    if (/^[0-9]$/.test(event.key)) { handled = toggle(event.key); }
    else if (event.key === "Enter") { handled = confirmCurrent(); }
    else if (event.key === "j") { select(current + 1); handled = true; }
    else if (event.key === "k") { select(current - 1); handled = true; }
    if (handled) { event.preventDefault(); }
  });

  // After settling: htmx puts back the attributes of posts that were already on the page.
  document.body.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail.target === review) { current = -1; select(0); }
  });

  select(0);
})();
