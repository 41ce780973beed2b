// Dashboards: the district/province map (SVG drawn from the portal's own GeoJSON, no
// tiles), the Chart.js charts, sparklines, and sortable tables. Every chart and the
// map have a table beside them with the same figures; this script only adds pictures.
(function () {
  "use strict";

  var numberFormat = new Intl.NumberFormat("th-TH", { maximumFractionDigits: 1 });
  var formatNumber = function (value) {
    return value === null || value === undefined ? "–" : numberFormat.format(value);
  };
  // Light to dark blue: readable on white, distinct in greyscale; grey means no figure.
  var PALETTE = ["#dbe9f6", "#a6c8e4", "#6aa3cf", "#3a7cb8", "#1b4f8a"];
  var NO_DATA = "#e6e6e6";

  // --- Map ---------------------------------------------------------------------------
  // An equirectangular projection with longitudes shrunk by cos(mid-latitude): at
  // Thailand's 5–21° N the shapes stay true enough for a province or the country.
  function projection(features, width) {
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    eachPoint(features, function (x, y) {
      minX = Math.min(minX, x); maxX = Math.max(maxX, x);
      minY = Math.min(minY, y); maxY = Math.max(maxY, y);
    });
    var shrink = Math.cos(((minY + maxY) / 2) * Math.PI / 180);
    var scale = width / ((maxX - minX) * shrink || 1);
    var height = (maxY - minY) * scale;
    return {
      width: width,
      height: height,
      point: function (x, y) {
        return [((x - minX) * shrink * scale).toFixed(1), ((maxY - y) * scale).toFixed(1)];
      },
    };
  }

  function eachPoint(features, visit) {
    features.forEach(function (feature) {
      polygons(feature.geometry).forEach(function (polygon) {
        polygon.forEach(function (ring) {
          ring.forEach(function (p) { visit(p[0], p[1]); });
        });
      });
    });
  }

  function polygons(geometry) {
    return geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  }

  function pathOf(geometry, project) {
    return polygons(geometry).map(function (polygon) {
      return polygon.map(function (ring) {
        return "M" + ring.map(function (p) { return project.point(p[0], p[1]).join(","); }).join("L") + "Z";
      }).join("");
    }).join("");
  }

  function classBreaks(values) {
    var known = values.filter(function (v) { return v !== null && v !== undefined; });
    if (!known.length) return null;
    var min = Math.min.apply(null, known), max = Math.max.apply(null, known);
    return { min: min, max: max, step: (max - min) / PALETTE.length };
  }

  function colourOf(value, breaks) {
    if (value === null || value === undefined || !breaks) return NO_DATA;
    if (!breaks.step) return PALETTE[2]; // every area has the same figure
    var index = Math.min(PALETTE.length - 1, Math.floor((value - breaks.min) / breaks.step));
    return PALETTE[Math.max(0, index)];
  }

  function drawLegend(element, measure, breaks) {
    element.innerHTML = "";
    var title = document.createElement("div");
    title.className = "fw-semibold";
    title.textContent = measure.label + (measure.unit ? " (" + measure.unit + ")" : "");
    element.appendChild(title);
    var list = document.createElement("ul");
    list.className = "list-inline mb-0";
    var entries = [];
    if (breaks && !breaks.step) {
      entries.push([PALETTE[2], formatNumber(breaks.min)]);
    } else if (breaks) {
      PALETTE.forEach(function (colour, i) {
        var from = breaks.min + i * breaks.step;
        var to = i === PALETTE.length - 1 ? breaks.max : from + breaks.step;
        entries.push([colour, formatNumber(from) + "–" + formatNumber(to)]);
      });
    }
    entries.push([NO_DATA, element.dataset.noData || "ไม่มีข้อมูล"]);
    entries.forEach(function (entry) {
      var item = document.createElement("li");
      item.className = "list-inline-item";
      var swatch = document.createElement("span");
      swatch.className = "legend-swatch";
      swatch.style.background = entry[0];
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(" " + entry[1]));
      list.appendChild(item);
    });
    element.appendChild(list);
  }

  function initMap(root) {
    var config = JSON.parse(document.getElementById(root.dataset.map).textContent);
    var canvas = root.querySelector("[data-map-canvas]");
    var legend = root.querySelector("[data-map-legend]");
    var select = root.querySelector("[data-map-measure]");
    fetch(config.boundaries, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (collection) {
        var features = collection.features || [];
        if (!features.length) { canvas.textContent = ""; return; }
        var project = projection(features, 600);
        var svgNS = "http://www.w3.org/2000/svg";
        var svg = document.createElementNS(svgNS, "svg");
        svg.setAttribute("viewBox", "0 0 " + project.width + " " + project.height.toFixed(0));
        svg.setAttribute("class", "map-svg");
        var shapes = features.map(function (feature) {
          var code = feature.properties.code;
          var link = document.createElementNS(svgNS, "a");
          link.setAttribute("href", config.link.replace("{code}", code));
          var path = document.createElementNS(svgNS, "path");
          path.setAttribute("d", pathOf(feature.geometry, project));
          path.setAttribute("data-code", code);
          var title = document.createElementNS(svgNS, "title");
          path.appendChild(title);
          link.appendChild(path);
          svg.appendChild(link);
          return { code: code, name: (config.values[code] || {}).name || feature.properties.name, link: link, path: path, title: title };
        });
        canvas.textContent = "";
        canvas.appendChild(svg);
        function paint() {
          var measure = config.measures.filter(function (m) { return m.key === select.value; })[0] || config.measures[0];
          var values = shapes.map(function (shape) { return (config.values[shape.code] || {})[measure.key]; });
          var breaks = classBreaks(values);
          shapes.forEach(function (shape, i) {
            var text = shape.name + ": " + formatNumber(values[i]) + (values[i] !== null && values[i] !== undefined ? measure.unit : "");
            shape.path.setAttribute("fill", colourOf(values[i], breaks));
            shape.title.textContent = text;
            shape.link.setAttribute("aria-label", text);
          });
          drawLegend(legend, measure, breaks);
        }
        select.addEventListener("change", paint);
        paint();
      })
      .catch(function () { canvas.textContent = ""; });
  }

  // --- Charts ------------------------------------------------------------------------
  function initChart(canvas) {
    if (!window.Chart) return;
    var config = JSON.parse(document.getElementById(canvas.dataset.chart).textContent);
    var horizontal = !!config.horizontal;
    var valueAxis = {
      beginAtZero: true,
      stacked: !!config.stacked,
      ticks: { precision: 0, callback: function (value) { return formatNumber(value); } },
    };
    var labelAxis = { stacked: !!config.stacked, ticks: { autoSkip: false } };
    new window.Chart(canvas, {
      type: config.type,
      data: {
        labels: config.labels,
        datasets: config.datasets.map(function (set) {
          return { label: set.label, data: set.data, backgroundColor: set.colour, borderColor: set.colour };
        }),
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: config.datasets.length > 1, position: "bottom" },
          tooltip: { callbacks: { label: function (item) { return item.dataset.label + ": " + formatNumber(item.raw); } } },
        },
        scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
      },
    });
  }

  function initSparkline(canvas) {
    if (!window.Chart) return;
    var values = canvas.dataset.values.split(";").map(function (v) { return v === "" ? null : Number(v); });
    var labels = canvas.dataset.labels.split(";");
    var target = Number(canvas.dataset.target);
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: labels,
        datasets: [
          { data: values, borderColor: "#1f4e79", backgroundColor: "#1f4e79", pointRadius: 2, spanGaps: true, tension: 0.2 },
          { data: labels.map(function () { return target; }), borderColor: "#9aa5b1", borderDash: [4, 3], pointRadius: 0, borderWidth: 1 },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        events: [],
        plugins: { legend: { display: false }, tooltip: { enabled: false } },
        scales: { x: { display: false }, y: { display: false, beginAtZero: true } },
      },
    });
  }

  // --- Sortable tables -----------------------------------------------------------------
  function initSortable(table) {
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (header, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (header.firstChild) button.appendChild(header.firstChild);
      header.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = header.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var key = function (row) {
          var cell = row.cells[column];
          return cell.dataset.value !== undefined ? Number(cell.dataset.value) : cell.textContent.trim();
        };
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          var order = typeof x === "number" ? x - y : x.localeCompare(y, "th");
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  document.querySelectorAll("[data-map]").forEach(initMap);
  document.querySelectorAll("canvas[data-chart]").forEach(initChart);
  document.querySelectorAll("canvas[data-sparkline]").forEach(initSparkline);
  document.querySelectorAll("table[data-sortable]").forEach(initSortable);
})();
