// A tiny app for the demo workspace; nothing here is run by Session Doctor.
function greet(name) {
  return `Hello, ${name}!`;
}

module.exports = { greet };
