/** Styles of the in-page UI. They live in its shadow root: nothing leaks in or out. */

export const STYLES = `
:host { all: initial; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.layer { position: fixed; inset: 0 auto auto 0; width: 0; height: 0; z-index: 2147483647;
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d1b26; }
.voix-button { position: fixed; width: 28px; height: 28px; border-radius: 50%; border: 1px solid #5b3cc4;
  background: #6d4ae0; color: #fff; font: 700 13px/1 system-ui, sans-serif; cursor: pointer; padding: 0;
  box-shadow: 0 1px 4px rgba(0,0,0,.25); }
.voix-button:hover { background: #5b3cc4; }
.voix-button:focus-visible, button:focus-visible, select:focus-visible, textarea:focus-visible,
  [tabindex]:focus-visible, summary:focus-visible { outline: 3px solid #f0a800; outline-offset: 2px; }
.panel { position: fixed; top: 64px; right: 16px; width: min(400px, calc(100vw - 32px));
  max-height: calc(100vh - 80px); overflow: auto; background: #fff; border: 1px solid #d6d0ea;
  border-radius: 12px; box-shadow: 0 8px 28px rgba(20,10,60,.25); padding: 12px 14px 14px; }
.panel[hidden] { display: none; }
.panel { z-index: 2; }
.panel:focus { outline: none; }
header { display: flex; align-items: center; gap: 8px; margin-bottom: 8px; }
h2 { font-size: 15px; margin: 0; flex: 1; color: #3b2791; }
.close { border: 0; background: transparent; font-size: 20px; line-height: 1; cursor: pointer; color: #555; padding: 2px 6px; }
label { display: block; font-size: 12px; color: #555; margin: 6px 0 2px; }
select, textarea { width: 100%; font: inherit; color: inherit; border: 1px solid #c9c2e0; border-radius: 6px;
  padding: 5px 7px; background: #fff; }
textarea { min-height: 60px; resize: vertical; }
.context { font-size: 13px; background: #f5f3fb; border-radius: 8px; padding: 6px 8px; margin: 6px 0;
  white-space: pre-wrap; overflow-wrap: anywhere; max-height: 120px; overflow: auto; }
.context b { color: #3b2791; }
.triage { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; margin: 8px 0 2px; }
.badge { display: inline-block; border-radius: 999px; padding: 2px 9px; font-size: 12px; font-weight: 600;
  background: #e7e2f7; color: #3b2791; }
.badge.sev-1 { background: #fff3cd; color: #7a5600; }
.badge.sev-2 { background: #ffe0c2; color: #8a3c00; }
.badge.sev-3, .badge.skip { background: #ffd5d5; color: #8a0000; }
.badge.go { background: #d8f3dc; color: #1b5e20; }
.badge.caution { background: #fff3cd; color: #7a5600; }
.action { font-weight: 600; font-size: 13px; }
.why { font-size: 12px; color: #555; margin: 2px 0 0; }
.note { font-size: 13px; background: #fff6e0; border-left: 3px solid #f0a800; padding: 6px 8px; margin: 8px 0; white-space: pre-wrap; }
.status { font-size: 13px; color: #3b2791; min-height: 1.4em; margin: 6px 0; }
.status.error { color: #a00000; background: #fff0f0; border-radius: 6px; padding: 6px 8px; }
.tabs { display: flex; gap: 4px; margin: 8px 0 4px; flex-wrap: wrap; }
.tabs button { border: 1px solid #c9c2e0; background: #fff; border-radius: 6px; padding: 2px 10px; cursor: pointer; font: inherit; font-size: 12px; }
.tabs button[aria-selected="true"] { background: #6d4ae0; border-color: #6d4ae0; color: #fff; }
.tabs button:disabled { opacity: .6; cursor: default; }
.draft { white-space: pre-wrap; overflow-wrap: anywhere; border: 1px solid #e2ddf2; border-radius: 8px;
  padding: 8px 10px; min-height: 64px; background: #fcfbff; }
.draft.writing { color: #555; border-style: dashed; }
.meta { font-size: 12px; color: #666; margin: 4px 0; }
.meta .over { color: #a00000; font-weight: 600; }
.citations { list-style: none; margin: 4px 0; padding: 0; font-size: 12px; }
.citations li { margin: 2px 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.citations .from { color: #1b5e20; font-weight: 600; }
.citations q { color: #666; }
.warnings { margin: 6px 0; padding-left: 18px; font-size: 12px; color: #8a3c00; }
details { font-size: 12px; margin: 6px 0; }
details li { margin: 3px 0; overflow-wrap: anywhere; }
.actions { display: flex; gap: 6px; margin-top: 10px; flex-wrap: wrap; }
.actions button, .primary-row button { font: inherit; border-radius: 6px; padding: 5px 12px; cursor: pointer;
  border: 1px solid #6d4ae0; background: #fff; color: #3b2791; }
.actions button.primary, .primary-row button { background: #6d4ae0; color: #fff; }
.actions button:disabled { opacity: .5; cursor: default; }
.primary-row { margin-top: 6px; }
.check { display: flex; align-items: center; gap: 6px; font-size: 12px; color: #555; margin-top: 4px; }
.check input { margin: 0; }
.parts { margin: 4px 0; padding-left: 18px; font-size: 12px; }
@media (prefers-color-scheme: dark) {
  .layer { color: #eee; }
  .panel { background: #1f1c2b; border-color: #40385e; }
  h2 { color: #c9b8ff; }
  select, textarea, .draft, .tabs button, .actions button { background: #2a2639; color: #eee; border-color: #4a4268; }
  .context { background: #2a2639; }
  .why, .meta, label, .citations q { color: #bbb; }
  .citations .from { color: #8fd49a; }
  .status { color: #c9b8ff; }
}
`;
