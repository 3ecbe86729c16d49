/* policytext: draw the book's charts once plotly.js has loaded (both are deferred),
   in the colours of the page's theme (pydata-sphinx-theme's data-theme on <html>),
   and redraw them in the other colours when the reader switches light/dark. */
(function () {
  "use strict";
  var THEMES = {
    light: { text: "#262626", grid: "#e5e5e5", line: "#bbbbbb", hover: "#ffffff" },
    dark: { text: "#e6e6e6", grid: "#3a3f45", line: "#6b7280", hover: "#1f2328" }
  };

  function mode() {
    return document.documentElement.dataset.theme === "dark" ? "dark" : "light";
  }

  function themed(layout) {
    var c = THEMES[mode()];
    var update = {
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
      "font.color": c.text,
      "legend.font.color": c.text,
      "hoverlabel.bgcolor": c.hover,
      "hoverlabel.font.color": c.text
    };
    Object.keys(layout).forEach(function (key) {
      if (/^[xy]axis\d*$/.test(key)) {
        update[key + ".gridcolor"] = c.grid;
        update[key + ".linecolor"] = c.line;
        update[key + ".zerolinecolor"] = c.line;
        update[key + ".tickfont.color"] = c.text;
        update[key + ".title.font.color"] = c.text;
      }
    });
    (layout.annotations || []).forEach(function (a, i) {
      update["annotations[" + i + "].font.color"] = c.text;
    });
    return update;
  }

  function apply(layout, update) {
    Object.keys(update).forEach(function (path) {
      var parts = path.replace(/\[(\d+)\]/g, ".$1").split(".");
      var node = layout;
      for (var i = 0; i < parts.length - 1; i++) {
        if (node[parts[i]] === undefined || node[parts[i]] === null) node[parts[i]] = {};
        node = node[parts[i]];
      }
      node[parts[parts.length - 1]] = update[path];
    });
    return layout;
  }

  function draw() {
    if (typeof Plotly === "undefined") return;
    document.querySelectorAll("script.policytext-figure").forEach(function (script) {
      var div = document.getElementById(script.dataset.for);
      if (!div || div.dataset.drawn) return;
      var fig = JSON.parse(script.textContent);
      div.dataset.drawn = "1";
      Plotly.newPlot(div, fig.data, apply(fig.layout, themed(fig.layout)), fig.config);
    });
  }

  function recolour() {
    if (typeof Plotly === "undefined") return;
    document.querySelectorAll(".policytext-chart .js-plotly-plot").forEach(function (div) {
      if (div.layout) Plotly.relayout(div, themed(div.layout));
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
  new MutationObserver(recolour).observe(document.documentElement, {
    attributes: true,
    attributeFilter: ["data-theme"]
  });
})();
