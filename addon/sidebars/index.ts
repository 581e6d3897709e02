/** Shared sidebar helpers live beside the sidebars. */
export {};
