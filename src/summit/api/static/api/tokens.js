// API token page: "Copy" puts the new token on the clipboard (without JavaScript the field is
// read-only text to select by hand); clicking the field selects the whole token.
document.addEventListener("DOMContentLoaded", () => {
  const field = document.querySelector("[data-token-secret]");
  const button = document.querySelector("[data-copy-token]");
  if (!field) return;
  field.addEventListener("focus", () => field.select());
  if (!button || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(field.value);
      button.textContent = button.dataset.copiedText;
    } catch {
      field.select();
    }
  });
});
