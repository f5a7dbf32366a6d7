import type { Component } from 'vue';
import { Document, MapLocation, OfficeBuilding, Setting, Share, Tickets, Upload, User } from '@element-plus/icons-vue';

/** The menu's icons by name, imported one by one so the bundle keeps only these. */
export const icons: Record<string, Component> = { Document, MapLocation, OfficeBuilding, Setting, Share, Tickets, Upload, User };
