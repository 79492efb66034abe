// Unlinks models/ from the app; the downloaded files stay in the shared drive for other apps.
module.exports = {
  run: [
    {
      method: "fs.rm",
      params: { path: "models" },
    },
  ],
}
