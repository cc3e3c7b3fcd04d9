// Draws every chart on the page from the JSON figure the server rendered beside it.
// Kept out of the templates so that pages need no inline script.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var source = document.getElementById(element.dataset.chart);
    if (!source || typeof Plotly === "undefined") {
      return;
    }
    var figure = JSON.parse(source.textContent);
    Plotly.newPlot(element, figure.data, figure.layout, {
      responsive: true,
      displaylogo: false,
    }).then(function () {
      element.dataset.drawn = "true";
      var clickUrl = element.dataset.clickUrl;
      if (clickUrl) {
        // A point stands for a day: open the posts behind it.
        element.on("plotly_click", function (event) {
          var day = String(event.points[0].x).slice(0, 10);
          window.location.href = clickUrl.replace("{day}", encodeURIComponent(day));
        });
      }
    });
  });
});
