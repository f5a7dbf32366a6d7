import type { Component } from 'vue';
import { Bell, Document, FirstAidKit, MapLocation, OfficeBuilding, Setting, Share, Tickets, Upload, User } from '@element-plus/icons-vue';

/** The menu's icons by name, imported one by one so the bundle keeps only these. */
export const icons: Record<string, Component> = { Bell, Document, FirstAidKit, MapLocation, OfficeBuilding, Setting, Share, Tickets, Upload, User };
