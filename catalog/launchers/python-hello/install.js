// Creates the app's Python virtual environment (app/env) and shows which interpreter it uses.
module.exports = {
  run: [
    {
      method: "shell.run",
      params: {
        path: "app",
        message: "python3 -m venv env",
      },
    },
    {
      method: "shell.run",
      params: {
        path: "app",
        venv: "env",
        // The explicit env/bin/python works whether or not the shell activates the venv.
        message: "env/bin/python -c \"import sys; print('venv ready:', sys.prefix, sys.version.split()[0])\"",
      },
    },
  ],
}
