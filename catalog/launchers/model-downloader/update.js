// Downloads again: files already complete are kept, missing or partial ones are fetched.
module.exports = {
  run: [
    {
      method: "script.start",
      params: { uri: "install.js" },
    },
  ],
}
