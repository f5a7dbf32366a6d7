/** The cases console's strings (top-level key `cases` of the console's messages). `en.ts` has the same keys. */
const cases = {
  menu: { group: '案件办理', inbox: '待办案件', map: '案件热力图', indicators: '案件指标', report: '我要反映' },
  status: {
    accepted: '已受理', verified: '已核实', dispatched: '已派遣', handled: '已处置', reportedBack: '已反馈', checked: '已核查',
    closed: '已结案', rated: '已评价', returned: '已退回', reopened: '返工中', suspended: '已挂起',
  },
  channel: { app: '居民上报', hotline: '热线', visit: '入户走访', council: '议事会', device: '设备', open311: '开放接口' },
  outcome: { resolved: '已解决', explained: '已解释说明', notOurResponsibility: '非本单位职责', cannotResolveNow: '暂时无法解决', duplicate: '重复事项' },
  affair: { government: '政务', resident: '居务' },
  priority: { normal: '普通', raised: '提级', urgent: '紧急' },
  unitKind: { microGrid: '微网格', grid: '网格', community: '社区', propertyCompany: '物业', street: '街道', countyDepartment: '县级部门' },
  common: {
    number: '编号', category: '类别', channel: '来源', status: '状态', place: '地点', due: '办结时限', responsible: '责任单位',
    overdue: '已超期', dueIn: '剩余 {d}', overdueBy: '超期 {d}', days: '{n} 天', hours: '{n} 小时', minutes: '{n} 分钟',
    all: '全部', open: '办理中', noPlace: '无坐标', allCategories: '全部类别',
  },
  inbox: {
    mine: '我的待办', scope: '辖区全部', statusFilter: '状态', overdueOnly: '只看超期', openTotal: '办理中 {n}', overdueTotal: '超期 {n}',
    summary: '内容', empty: '暂无案件', openCase: '查看',
  },
  detail: {
    title: '案件详情', description: '反映内容', affair: '政务/居务', priority: '优先级', signers: '联名', signersValue: '{n} 人 · {h} 户',
    followers: '关注人数', reporter: '反映人', createdAt: '受理时间', stepDue: '当前环节时限', outsideGrid: '不在任何网格内',
    escalations: '督办次数', rework: '返工次数', outcome: '处理结果', timeline: '办理过程', photos: '照片', before: '处置前', after: '处置后',
    other: '其他', noPhotos: '暂无照片', map: '位置', actions: '可办理操作', noActions: '当前无可办理的操作', by: '{who}',
    system: '系统', deadline: '时限 {at}', pendingTransfer: '待接收流转：{to}', extension: '延期申请：{status}，至 {until}',
    extensionStatus: { requested: '待审批', granted: '已批准', denied: '未批准' }, back: '返回列表', signersList: '联名人',
  },
  action: {
    verify: '核实', dispatch: '派遣', handle: '开始处置', reportBack: '反馈结果', check: '核查', close: '结案', rate: '评价', reject: '不满意，退回重办',
    return: '退回', requestTransfer: '申请流转', acceptTransfer: '接收流转', declineTransfer: '拒绝流转', requestExtension: '申请延期',
    grantExtension: '批准延期', denyExtension: '不批准延期', suspend: '挂起', resume: '恢复办理', markDuplicate: '标记重复件',
    done: '已提交：{action}', submit: '提交',
  },
  form: {
    reason: '理由', reasonRequired: '请填写理由', outcome: '处理结果', note: '说明', to: '目标单位编码', toHint: '网格、微网格、社区或街道的编码，留空则由本单位办理',
    handler: '处置人', passed: '核查结论', pass: '通过', fail: '不通过，返工', until: '延期至', satisfied: '是否满意', yes: '满意', no: '不满意',
    score: '评分', of: '重复的案件编号', photos: '处置后照片', onBehalf: '代反映人（电话回访）评价',
  },
  map: {
    title: '办理中的案件', points: '{n} 件', heat: '热力', markers: '标注', legendHot: '热点', overdue: '超期', byCategory: '各类别',
  },
  indicators: {
    title: '案件指标', from: '开始', to: '结束', groupBy: '分组', period: '统计周期', refresh: '统计', group: {
      all: '合计', unit: '责任单位', level: '层级', worker: '处置人', category: '类别', affair: '政务/居务',
    },
    periodKind: { month: '按月', week: '按周', day: '按日' },
    received: '受理', closed: '结案', closeRate: '结案率', onTimeCloseRate: '按期结案率', reworkRate: '返工率', satisfactionRate: '满意率',
    dispatchMean: '平均派遣用时', dispatchP90: '派遣用时 P90', closeMean: '平均结案用时', closeP90: '结案用时 P90',
    counts: '受理与结案', rates: '比率', trend: '趋势', durations: '用时（小时）', table: '明细', total: '合计', none: '—',
  },
  report: {
    title: '我要反映', mine: '我的反映', category: '类别', categoryPlaceholder: '请选择类别', description: '描述', descriptionPlaceholder: '请描述遇到的问题（时间、地点、情况）',
    photos: '照片', addPhoto: '添加照片', place: '地点', pickOnMap: '在地图上点选位置', picked: '已选位置 {lng}, {lat}', address: '或填写地址', addressFound: '已定位到 {place}，可在地图上微调', addressNotFound: '地址中没有找到登记的小区和楼栋，请在地图上点选',
    addressPlaceholder: '如：西山社区3幢2单元门口', contact: '联系方式', name: '称呼', phone: '手机号', submit: '提交', submitted: '已提交，编号 {number}',
    similarTitle: '附近已有类似反映', similarHint: '以下事项可能与您要反映的是同一件事，您仍可继续提交', similarItem: '{number} · {status} · 约 {m} 米',
    continueSubmit: '仍要提交', required: '请选择类别并填写描述', placeRequired: '请在地图上选择位置或填写地址', empty: '您还没有反映过事项',
    rate: '评价', rateTitle: '对处理结果是否满意？', rated: '已评价', satisfied: '满意', unsatisfied: '不满意', rejectReason: '请说明不满意的原因',
    thanks: '感谢您的评价', reopened: '已退回重新办理', photoFailed: '照片上传失败：{name}', viewCase: '详情',
  },
  notifications: { title: '通知', readAll: '全部标为已读', empty: '暂无通知', read: '已读', unread: '未读' },
};

export default cases;
export type CasesMessages = typeof cases;
