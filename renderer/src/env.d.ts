/// <reference types="vite/client" />
/// <reference path="../../preload/bridge.d.ts" />
