// Stands in for the Python extension (ms-python.python) in the end-to-end test. It exports the part of the
// environments API that chris-style uses (through @vscode/python-extension): the active environment is
// $CHRIS_STYLE_E2E_FAKE_PYTHON, and "Fake Python: Switch Environment" flips it to
// $CHRIS_STYLE_E2E_FAKE_PYTHON_OTHER and back, firing onDidChangeActiveEnvironmentPath as the real one does.
const vscode = require('vscode');

function activate(context) {
  const interpreters = [process.env.CHRIS_STYLE_E2E_FAKE_PYTHON, process.env.CHRIS_STYLE_E2E_FAKE_PYTHON_OTHER];
  let active = 0;
  const changed = new vscode.EventEmitter();
  const environmentPath = () => ({ id: interpreters[active], path: interpreters[active] });
  context.subscriptions.push(changed, vscode.commands.registerCommand('fakePython.switchEnvironment', () => {
    active = 1 - active;
    changed.fire({ ...environmentPath(), resource: undefined });
  }));
  return {
    environments: {
      getActiveEnvironmentPath: () => environmentPath(),
      resolveEnvironment: async (environment) => {
        const executable = typeof environment === 'string' ? environment : environment.path;
        return { id: executable, path: executable, executable: { uri: vscode.Uri.file(executable) } };
      },
      onDidChangeActiveEnvironmentPath: changed.event,
    },
  };
}

module.exports = { activate, deactivate() {} };
