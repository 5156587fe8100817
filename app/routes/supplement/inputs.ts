// The supplementation form's own inputs (shared by the page and the server reading it). Their names start with "_":
// form field names are camelCase letters and digits, so they never collide with the flagged fields' inputs.

export const VERSION_INPUT = "_version";
export const filesInput = (index: number) => `_files-${index}`;
export const uploadInput = (index: number) => `_upload-${index}`;
