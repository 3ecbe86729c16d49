// The filter box above a long table (policytext.report.Searchable): as the reader types,
// only the rows whose text holds what was typed stay shown. Loaded, deferred, only on
// pages that hold such a box (policytext.website.assets).
document.querySelectorAll("input.policytext-filter[data-table]").forEach((box) => {
  const table = document.getElementById(box.dataset.table);
  if (!table) {
    return;
  }
  box.addEventListener("input", () => {
    const query = box.value.toLowerCase();
    table.querySelectorAll("tbody tr").forEach((row) => {
      row.style.display = row.textContent.toLowerCase().includes(query) ? "" : "none";
    });
  });
});
