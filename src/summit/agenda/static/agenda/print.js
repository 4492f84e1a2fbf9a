// Table plan: the "Print" button opens the browser's print dialog (the print CSS hides the page chrome).
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-print]")) {
    button.addEventListener("click", () => window.print());
  }
});
