/** The councils console's strings (top-level key `councils` of the console's messages). `en.ts` has the same keys. */
const councils = {
  menu: { group: '议事协商', councils: '议事机构', council: '议事机构详情', meeting: '会议', checkin: '会议签到' },
  kind: {
    representativeAssembly: '居民代表大会', council: '议事会', adviceHall: '建言堂', ownersAssembly: '业主大会', ownersCommittee: '业主委员会',
    sevenPlusX: '7+X 小区自治理事会', buildingCouncil: '楼道议事会', gridCouncil: '网格议事会',
  },
  constituency: { partyMember: '党员', localResident: '本地居民', newResident: '新居民' },
  status: { scheduled: '待发通知', noticed: '已发通知', closed: '已结束', cancelled: '已取消' },
  itemStatus: { pending: '待表决', voting: '表决中', decided: '已表决', discussion: '讨论' },
  list: { status: '状态', title: '议事机构', create: '新建议事机构', name: '名称', kind: '类型', scope: '所在', scopeCode: '所在单位编码', open: '查看', empty: '暂无议事机构' },
  council: {
    settings: '规则', noticeDays: '通知提前天数', quorum: '法定人数', monthlyDay: '每月会议日', standingSeats: '常任席位',
    terms: '届期', addTerm: '新增届期', termName: '届期名称', startsOn: '开始日期', endsOn: '结束日期', openEnded: '至今',
    members: '成员', addMember: '添加成员', fromRoster: '台账居民', outside: '外部人员', search: '姓名、身份证号或手机号', pick: '选择',
    memberName: '姓名', note: '备注', seat: '席位', standing: '常任', volunteer: '志愿（X）', constituency: '界别', title: '职务', noSeat: '无席位',
    meetings: '会议', schedule: '安排会议', generate: '生成每月会议', months: '月数', from: '起始月份', meetingTitle: '会议名称', startsAt: '开始时间', place: '地点',
    created: '已创建', generated: '已生成 {n} 场会议',
  },
  meeting: {
    publicNotice: '公开通知', agenda: '议程', addItem: '添加议题', itemTitle: '议题', itemText: '说明', forVote: '需表决', electorate: '表决范围',
    electorateAttendees: '到会成员', electorateBody: '全体成员', offNotice: '通知后增加，仅讨论',
    notice: '会议通知', noticeText: '通知内容', publishNotice: '发布通知', noticePublished: '通知已于 {at} 发布（提前 {days} 天）',
    checkin: '扫码签到', qrHint: '成员用手机扫码签到；工作人员也可在下方名单中代为签到', quorum: '法定人数', quorumLine: '应到 {members} 人，实到 {present} 人，需 {required} 人',
    quorate: '已达法定人数', notQuorate: '未达法定人数', live: '实时', present: '已签到', checkIn: '签到', volunteer: '志愿',
    putToVote: '付诸表决', closeVote: '结束表决', passed: '通过', failed: '未通过', result: '同意 {yes}，反对 {no}，弃权 {abstain}（应表决 {members} 人）',
    closeMeeting: '结束会议', minutes: '会议纪要', generateMinutes: '生成纪要', saveMinutes: '保存草稿', publishMinutes: '发布纪要',
    minutesDraft: '草稿（第 {version} 版）', minutesPublished: '已发布', saved: '已保存', calendar: '订阅日历',
  },
  checkin: { title: '会议签到', me: '我要签到', done: '已签到', staffList: '代为签到', notMember: '您不是本次会议的成员', closed: '会议未开放签到' },
};

export default councils;
