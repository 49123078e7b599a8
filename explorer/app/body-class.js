// What the NHS.UK template's inline script does, from a file so that the page's policy can
// refuse inline scripts: the components start only on a body with these classes.
document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
