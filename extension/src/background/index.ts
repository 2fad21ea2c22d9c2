/** The service worker: the only part of the extension that holds the token and calls the API. */

import type { Request } from '../shared/messages';
import { ApiClient } from './client';
import { runInMainWorld } from './main-world';
import { handlePort, handleRequest, type Deps } from './router';
import * as store from './store';

void store.restrictStorage();

const deps: Deps = {
  store,
  client: new ApiClient(async () => ({ apiUrl: (await store.loadSettings()).apiUrl, token: await store.loadToken() })),
  extensionOrigin: chrome.runtime.getURL(''),
  extensionId: chrome.runtime.id,
  mainWorld: runInMainWorld,
  openOptions: () => chrome.runtime.openOptionsPage(),
};

chrome.runtime.onMessage.addListener((request: Request, sender, sendResponse) => {
  void handleRequest(request, sender, deps).then(sendResponse);
  return true; // the answer comes asynchronously
});

chrome.runtime.onConnect.addListener((port) => handlePort(port, deps));

chrome.runtime.onInstalled.addListener((details) => {
  if (details.reason === 'install') void chrome.runtime.openOptionsPage();
});
