// Resets Python Hello: deletes the virtual environment so Install creates it again.
module.exports = {
  run: [
    {
      method: "fs.rm",
      params: { path: "app/env" },
    },
  ],
}
