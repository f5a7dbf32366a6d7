/** The 双五工程 console's strings (top-level key `projects`). `en.ts` has the same keys. */
const projects = {
  menu: { group: '民生实事', projects: '双五工程' },
  constituency: { partyMember: '党员', localResident: '本地居民', newResident: '新居民', none: '不限界别' },
  status: { collecting: '征集提议', deliberating: '协商讨论', voting: '投票中', tied: '票数并列待定', published: '已公布', reviewing: '竣工评议', closed: '已完成' },
  proposalStatus: { submitted: '已提出', onBallot: '候选', withdrawn: '已撤回', chosen: '入选', notChosen: '未入选', carriedOver: '已结转' },
  projectStatus: { underway: '实施中', inReview: '评议中', accepted: '评议通过', notAccepted: '评议未通过', active: '服务中', renewalPending: '待续期表决', ended: '已结束', proposed: '待表决', rejected: '未通过' },
  source: { resident: '居民', case: '案件', meeting: '会议', staff: '社区', carriedOver: '上年结转' },
  round: {
    title: '双五工程', pick: '选择年度', year: '{year} 年度', none: '暂无双五工程', create: '开启年度', community: '社区编码', council: '居民代表大会（议事机构编号）',
    seats: '名额', seat: '{label} {count} 个', created: '已开启', deliberate: '进入协商', openVote: '开始投票', closeVote: '结束投票并公布',
    review: '开始竣工评议', next: '开启下一年度', closesAt: '投票截止', done: '已完成', tieNote: '并列处理：{note}',
  },
  public: { title: '民生实事公示' },
  tabs: { proposals: '提议与协商', results: '投票结果', progress: '实施进度' },
  proposals: {
    title: '项目', source: '来源', constituency: '界别', status: '状态', stances: '赞成 / 反对', add: '提出项目', description: '说明', sourceRef: '案件编号或会议',
    onBallot: '列入候选', offBallot: '移出候选', empty: '暂无提议', added: '已提交', comment: '发表意见', for: '赞成', against: '反对', neutral: '中立', body: '意见',
  },
  results: { total: '总票数', chosen: '入选', ballots: '参加投票：{text}', none: '投票结束后公布结果', rank: '名次' },
  progress: {
    percent: '进度', milestones: '节点', reports: '进展', report: '填报进展', note: '说明', photos: '照片链接（每行一个）', addMilestone: '添加节点', milestone: '节点名称',
    dueOn: '计划完成', doneOn: '完成于', photo: '照片{n}', markDone: '标记完成', none: '暂无项目', saved: '已保存',
  },
};

export default projects;
