// Resets OCR Studio to a fresh download: removes the installed packages so Install runs again.
module.exports = {
  run: [
    {
      method: "fs.rm",
      params: { path: "app/node_modules" },
    },
  ],
}
