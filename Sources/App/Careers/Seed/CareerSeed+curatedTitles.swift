// Written by hand for Charter (not O*NET data): see `CareerSeed.curatedTitles`.

extension CareerSeed {
    /// Everyday job titles, job-board words and abbreviations, each mapped to the O*NET-SOC occupation a person
    /// typing it most likely means: `code<TAB>title`, one per line (a title may map to two codes: `doctor`).
    ///
    /// Source of truth: this list itself. It was written by Charter's developers from the titles and
    /// descriptions of O*NET's 2019 taxonomy (`Occupation Data.txt`) and common job-advert wording (British and
    /// American), to cover what O*NET's own alternate titles cover and the shipped data lacks; it copies no
    /// O*NET file. A line goes to the occupation whose description matches the job best, the general occupation
    /// (`.00`) unless a narrower one is the job itself (`scrum master` → Information Technology Project
    /// Managers). `CuratedTitlesTests` checks that every code exists in the shipped occupation list. To change
    /// it, edit the lines: the next start (or import) replaces the curated synonyms when the list's fingerprint
    /// changed. Admins add their own over `POST /api/v1/career-synonyms`.
    static let curatedTitles = #"""
        15-1252.00	software engineer
        15-1252.00	software developer
        15-1252.00	developer
        15-1252.00	backend developer
        15-1252.00	back end developer
        15-1252.00	frontend developer
        15-1252.00	front end developer
        15-1252.00	full stack developer
        15-1252.00	fullstack developer
        15-1252.00	mobile developer
        15-1252.00	ios developer
        15-1252.00	android developer
        15-1252.00	app developer
        15-1252.00	application developer
        15-1252.00	java developer
        15-1252.00	python developer
        15-1252.00	golang developer
        15-1252.00	c++ developer
        15-1252.00	.net developer
        15-1252.00	game developer
        15-1252.00	embedded software engineer
        15-1252.00	devops engineer
        15-1252.00	devops
        15-1252.00	site reliability engineer
        15-1252.00	sre
        15-1252.00	platform engineer
        15-1252.00	machine learning engineer
        15-1252.00	ml engineer
        15-1252.00	ai engineer
        15-1252.00	coder
        15-1252.00	software architect
        15-1252.00	tech lead
        15-1252.00	engineering lead
        15-1251.00	programmer
        15-1251.00	computer programmer
        15-1251.00	mainframe programmer
        15-1251.00	cobol programmer
        15-1254.00	web developer
        15-1254.00	webmaster
        15-1254.00	wordpress developer
        15-1254.00	javascript developer
        15-1254.00	php developer
        15-1255.00	ux designer
        15-1255.00	ui designer
        15-1255.00	ux ui designer
        15-1255.00	user experience designer
        15-1255.00	user interface designer
        15-1255.00	product designer
        15-1255.00	interaction designer
        15-1255.00	web designer
        15-1255.00	ux researcher
        15-1253.00	qa engineer
        15-1253.00	qa tester
        15-1253.00	qa analyst
        15-1253.00	quality assurance engineer
        15-1253.00	software tester
        15-1253.00	test engineer
        15-1253.00	test automation engineer
        15-1253.00	sdet
        15-1253.00	tester
        15-1244.00	sysadmin
        15-1244.00	system administrator
        15-1244.00	systems administrator
        15-1244.00	network administrator
        15-1244.00	linux administrator
        15-1244.00	it administrator
        15-1244.00	cloud administrator
        15-1241.00	network engineer
        15-1241.00	network architect
        15-1241.00	cloud architect
        15-1241.00	solutions architect
        15-1299.08	cloud engineer
        15-1299.08	systems engineer
        15-1299.08	infrastructure engineer
        15-1299.08	aws engineer
        15-1299.08	azure engineer
        15-1299.08	enterprise architect
        15-1299.08	it architect
        15-1242.00	dba
        15-1242.00	database administrator
        15-1242.00	sql developer
        15-1243.00	database engineer
        15-1243.00	data architect
        15-1243.00	data engineer
        15-1243.01	data warehouse developer
        15-1243.01	etl developer
        15-2051.00	data scientist
        15-2051.00	data analyst
        15-2051.00	ml scientist
        15-2051.01	business intelligence analyst
        15-2051.01	bi analyst
        15-2051.01	bi developer
        15-2051.01	power bi developer
        15-1212.00	cybersecurity
        15-1212.00	cyber security
        15-1212.00	cybersecurity analyst
        15-1212.00	security analyst
        15-1212.00	information security analyst
        15-1212.00	infosec analyst
        15-1212.00	soc analyst
        15-1299.05	cybersecurity engineer
        15-1299.05	security engineer
        15-1299.05	information security engineer
        15-1299.05	application security engineer
        15-1299.04	ethical hacker
        15-1299.04	pentester
        15-1299.04	penetration tester
        15-1299.06	digital forensics
        15-1299.06	forensic analyst
        11-3021.00	it manager
        11-3021.00	it director
        11-3021.00	cio
        11-3021.00	chief information officer
        11-3021.00	cto
        11-3021.00	chief technology officer
        11-3021.00	engineering manager
        11-3021.00	head of it
        11-3021.00	it operations manager
        11-3021.00	software development manager
        15-1299.09	it project manager
        15-1299.09	technical project manager
        15-1299.09	software project manager
        15-1299.09	scrum master
        15-1299.09	agile coach
        15-1299.09	agile project manager
        15-1299.09	agile
        15-1299.09	scrum
        15-1299.09	delivery manager
        15-1299.09	it program manager
        15-1299.09	release manager
        13-1082.00	project manager
        13-1082.00	pm
        13-1082.00	pmp
        13-1082.00	program manager
        13-1082.00	project coordinator
        13-1082.00	project lead
        13-1082.00	pmo analyst
        13-1082.00	project management
        11-2021.00	product manager
        11-2021.00	product owner
        11-2021.00	product marketing manager
        11-2021.00	brand manager
        11-2021.00	marketing director
        11-2021.00	cmo
        11-2021.00	growth manager
        15-1211.00	business analyst
        15-1211.00	systems analyst
        15-1211.00	it analyst
        15-1211.00	it business analyst
        15-1211.00	functional analyst
        15-1211.00	erp consultant
        15-1211.00	sap consultant
        15-1211.00	salesforce administrator
        15-1232.00	help desk
        15-1232.00	helpdesk technician
        15-1232.00	help desk technician
        15-1232.00	it support
        15-1232.00	it support specialist
        15-1232.00	it technician
        15-1232.00	desktop support
        15-1232.00	service desk analyst
        15-1232.00	tech support
        15-1232.00	technical support
        15-1231.00	network technician
        15-1231.00	noc technician
        15-1221.00	research scientist
        15-1221.00	ai researcher
        15-1221.00	computer scientist
        15-1299.07	blockchain developer
        15-1299.07	smart contract developer
        15-1299.07	crypto developer
        15-1255.01	game designer
        15-1255.01	level designer
        27-3042.00	technical writer
        27-3042.00	documentation writer
        27-1024.00	graphic designer
        27-1024.00	visual designer
        27-1024.00	illustrator
        27-1021.00	industrial designer
        27-1025.00	interior decorator
        27-1014.00	animator
        27-1014.00	motion designer
        27-1014.00	3d artist
        27-1011.00	creative director
        27-4032.00	video editor
        27-4021.00	photographer
        27-3043.00	writer
        27-3043.00	author
        27-3043.00	copywriter
        27-3043.00	content writer
        27-3041.00	editor
        27-3023.00	journalist
        27-3023.00	reporter
        27-3031.00	pr specialist
        27-3031.00	communications specialist
        27-3031.00	social media manager
        27-3031.00	community manager
        13-1161.00	marketing specialist
        13-1161.00	marketer
        13-1161.00	digital marketer
        13-1161.00	digital marketing specialist
        13-1161.00	market researcher
        13-1161.00	content marketer
        13-1161.01	seo specialist
        13-1161.01	sem specialist
        13-1161.01	ppc specialist
        13-1161.01	seo
        27-3091.00	translator
        27-3091.00	interpreter
        11-1011.00	ceo
        11-1011.00	chief executive officer
        11-1011.00	managing director
        11-1011.00	president
        11-1011.00	founder
        11-1021.00	coo
        11-1021.00	chief operating officer
        11-1021.00	general manager
        11-1021.00	operations manager
        11-1021.00	business manager
        11-3031.00	cfo
        11-3031.00	chief financial officer
        11-3031.00	finance manager
        11-3031.00	finance director
        11-3031.01	controller
        11-3031.01	comptroller
        11-3031.01	treasurer
        11-3121.00	hr manager
        11-3121.00	hr director
        11-3121.00	head of hr
        11-3121.00	chief people officer
        11-3121.00	personnel manager
        13-1071.00	hr
        13-1071.00	hr specialist
        13-1071.00	hr generalist
        13-1071.00	hr business partner
        13-1071.00	hrbp
        13-1071.00	recruiter
        13-1071.00	technical recruiter
        13-1071.00	talent acquisition specialist
        13-1071.00	headhunter
        13-1071.00	people partner
        43-4161.00	hr assistant
        43-4161.00	hr coordinator
        43-4161.00	personnel assistant
        13-1141.00	compensation analyst
        13-1141.00	benefits specialist
        13-1151.00	trainer
        13-1151.00	corporate trainer
        13-1151.00	learning and development specialist
        11-3131.00	learning and development manager
        11-2022.00	sales manager
        11-2022.00	sales director
        11-2022.00	head of sales
        11-2022.00	vp sales
        41-3091.00	sales representative
        41-3091.00	sales rep
        41-3091.00	salesperson
        41-3091.00	salesman
        41-3091.00	account executive
        41-3091.00	business development representative
        41-3091.00	bdr
        41-3091.00	sdr
        41-3091.00	account manager
        41-4011.00	technical sales representative
        41-9031.00	sales engineer
        41-9031.00	presales engineer
        41-9031.00	solutions engineer
        41-2031.00	shop assistant
        41-2031.00	retail assistant
        41-2031.00	sales associate
        41-2031.00	store associate
        41-1011.00	store manager
        41-1011.00	shop manager
        41-1011.00	retail manager
        41-1011.00	assistant store manager
        41-2011.00	checkout operator
        41-2011.00	till operator
        43-4051.00	customer service
        43-4051.00	customer service agent
        43-4051.00	customer support
        43-4051.00	customer support agent
        43-4051.00	call center agent
        43-4051.00	call centre agent
        43-4051.00	customer success manager
        43-4051.00	csr
        43-6014.00	secretary
        43-6014.00	administrative assistant
        43-6014.00	admin assistant
        43-6014.00	office assistant
        43-6011.00	executive assistant
        43-6011.00	personal assistant
        43-6011.00	pa
        43-9061.00	office clerk
        43-9061.00	clerk
        43-9061.00	office administrator
        11-3012.00	office manager
        43-4171.00	receptionist
        43-4171.00	front desk
        43-9021.00	data entry
        43-9021.00	data entry clerk
        43-3031.00	bookkeeper
        43-3031.00	accounts payable clerk
        43-3031.00	accounts receivable clerk
        43-3031.00	accounting clerk
        43-3051.00	payroll clerk
        43-3051.00	payroll administrator
        13-2011.00	accountant
        13-2011.00	auditor
        13-2011.00	cpa
        13-2011.00	chartered accountant
        13-2011.00	tax accountant
        13-2011.00	internal auditor
        13-2082.00	tax preparer
        13-2082.00	tax advisor
        13-2051.00	financial analyst
        13-2051.00	investment analyst
        13-2051.00	equity analyst
        13-2051.00	fp&a analyst
        13-2052.00	financial advisor
        13-2052.00	financial planner
        13-2052.00	wealth manager
        13-2099.01	quant
        13-2099.01	quantitative analyst
        13-2054.00	risk analyst
        13-2054.00	risk manager
        13-2072.00	loan officer
        13-2072.00	mortgage advisor
        13-2072.00	mortgage broker
        43-3071.00	bank teller
        41-3031.00	stockbroker
        41-3031.00	investment banker
        41-3031.00	trader
        13-2053.00	underwriter
        13-2011.00	audit associate
        13-1111.00	management consultant
        13-1111.00	consultant
        13-1111.00	strategy consultant
        13-1111.00	business consultant
        13-1111.00	process improvement analyst
        13-1081.00	logistics coordinator
        13-1081.00	logistics manager
        11-3071.04	supply chain manager
        11-3071.04	procurement manager
        11-3071.00	warehouse manager
        11-3071.00	distribution manager
        11-3071.00	transport manager
        11-3061.00	purchasing manager
        11-3061.00	head of procurement
        13-1023.00	buyer
        13-1023.00	procurement specialist
        13-1023.00	purchasing agent
        13-1051.00	estimator
        13-1051.00	quantity surveyor
        13-1041.00	compliance officer
        13-1041.00	compliance analyst
        11-9199.02	compliance manager
        11-9199.02	risk and compliance manager
        13-1121.00	event planner
        13-1121.00	event manager
        13-1121.00	wedding planner
        11-3013.00	facilities manager
        11-3013.00	facility manager
        11-9141.00	property manager
        11-9141.00	landlord
        11-9111.00	healthcare manager
        11-9111.00	hospital administrator
        11-9111.00	practice manager
        11-9111.00	clinic manager
        11-9021.00	construction manager
        11-9021.00	site manager
        11-9021.00	contractor
        47-1011.00	foreman
        47-1011.00	site supervisor
        11-9041.00	engineering director
        11-9051.00	restaurant manager
        11-9051.00	kitchen manager
        11-9081.00	hotel manager
        23-1011.00	lawyer
        23-1011.00	attorney
        23-1011.00	solicitor
        23-1011.00	barrister
        23-1011.00	counsel
        23-1011.00	legal counsel
        23-1011.00	general counsel
        23-2011.00	paralegal
        23-2011.00	legal assistant
        23-1023.00	judge
        29-1216.00	doctor
        29-1216.00	physician
        29-1216.00	internist
        29-1216.00	medical doctor
        29-1216.00	md
        29-1215.00	gp
        29-1215.00	general practitioner
        29-1215.00	family doctor
        29-1215.00	doctor
        29-1214.00	er doctor
        29-1214.00	emergency doctor
        29-1221.00	pediatrician
        29-1221.00	paediatrician
        29-1221.00	childrens doctor
        29-1249.00	surgeon
        29-1249.00	general surgeon
        29-1242.00	orthopedic surgeon
        29-1242.00	orthopaedic surgeon
        29-1212.00	heart doctor
        29-1217.00	brain doctor
        29-1213.00	skin doctor
        29-1223.00	psychiatrist
        29-1218.00	gynecologist
        29-1218.00	obstetrician
        29-1218.00	obgyn
        29-1211.00	anesthetist
        29-1211.00	anaesthetist
        29-1071.00	pa-c
        29-1071.00	physician assistant
        29-1141.00	nurse
        29-1141.00	rn
        29-1141.00	registered nurse
        29-1141.00	staff nurse
        29-1141.00	charge nurse
        29-1141.00	hospital nurse
        29-1141.00	er nurse
        29-1141.03	icu nurse
        29-1141.03	intensive care nurse
        29-1171.00	np
        29-1171.00	nurse practitioner
        29-2061.00	lpn
        29-2061.00	lvn
        29-2061.00	practical nurse
        29-2061.00	vocational nurse
        29-2061.00	enrolled nurse
        31-1131.00	cna
        31-1131.00	nurse aide
        31-1131.00	nurses aide
        31-1131.00	care assistant
        31-1131.00	healthcare assistant
        31-1131.00	nursing assistant
        31-1121.00	home carer
        31-1121.00	home health aide
        31-1122.00	caregiver
        31-1122.00	carer
        31-1122.00	personal care assistant
        29-9099.01	midwife
        29-1021.00	dentist
        29-1021.00	dental surgeon
        29-1292.00	dental hygienist
        31-9091.00	dental nurse
        31-9091.00	dental assistant
        29-1051.00	pharmacist
        29-2052.00	pharmacy tech
        29-2052.00	pharmacy technician
        29-1123.00	physio
        29-1123.00	physiotherapist
        29-1123.00	pt
        29-1122.00	ot
        29-1122.00	occupational therapist
        29-1127.00	speech therapist
        29-1127.00	slp
        29-1131.00	vet
        29-1131.00	veterinarian
        29-1131.00	veterinary surgeon
        29-2056.00	vet tech
        29-2056.00	veterinary nurse
        29-1041.00	optometrist
        29-2081.00	optician
        29-1031.00	dietitian
        29-1031.00	nutritionist
        29-2042.00	emt
        29-2043.00	paramedic
        29-2043.00	ambulance paramedic
        29-2034.00	radiographer
        29-2034.00	x-ray technician
        29-2034.00	xray tech
        29-2032.00	sonographer
        29-2032.00	ultrasound technician
        29-2011.00	lab technologist
        29-2011.00	medical lab scientist
        29-2011.00	biomedical scientist
        29-2012.00	lab tech
        29-2012.00	lab technician
        31-9097.00	phlebotomist
        31-9092.00	medical assistant
        29-2072.00	medical coder
        29-2072.00	medical records clerk
        19-3033.00	psychologist
        19-3033.00	clinical psychologist
        19-3033.00	counselling psychologist
        21-1014.00	therapist
        21-1014.00	counselor
        21-1014.00	counsellor
        21-1014.00	mental health counselor
        21-1021.00	social worker
        21-1021.00	caseworker
        25-2021.00	teacher
        25-2021.00	primary school teacher
        25-2021.00	elementary teacher
        25-2031.00	high school teacher
        25-2031.00	secondary school teacher
        25-2031.00	math teacher
        25-2031.00	maths teacher
        25-2031.00	science teacher
        25-2031.00	english teacher
        25-2022.00	middle school teacher
        25-2011.00	preschool teacher
        25-2011.00	nursery teacher
        25-2011.00	early years teacher
        25-2012.00	kindergarten teacher
        25-2059.00	sen teacher
        25-2059.00	special needs teacher
        25-9042.00	teaching assistant
        25-9042.00	ta
        25-1199.00	professor
        25-1199.00	lecturer
        25-1199.00	university lecturer
        25-3041.00	tutor
        25-3041.00	private tutor
        25-3011.00	esl teacher
        25-3011.00	tefl teacher
        11-9032.00	principal
        11-9032.00	headteacher
        11-9032.00	head teacher
        11-9033.00	dean
        25-4022.00	librarian
        39-9011.00	childminder
        39-9011.00	daycare worker
        39-9011.00	babysitter
        39-9011.01	nanny
        39-9011.01	au pair
        39-9031.00	personal trainer
        39-9031.00	fitness instructor
        39-9031.00	gym instructor
        39-9031.00	yoga instructor
        39-9031.00	pilates instructor
        27-2022.00	coach
        27-2022.00	sports coach
        27-2022.00	football coach
        35-1011.00	chef
        35-1011.00	head chef
        35-1011.00	sous chef
        35-1011.00	executive chef
        35-2014.00	cook
        35-2014.00	line cook
        35-2014.00	restaurant cook
        35-2014.00	commis chef
        35-2021.00	kitchen porter
        35-2021.00	kitchen assistant
        35-2021.00	prep cook
        35-9021.00	dishwasher
        35-9021.00	pot washer
        35-3031.00	waiter
        35-3031.00	waitress
        35-3031.00	server
        35-3031.00	waiting staff
        35-3011.00	bartender
        35-3011.00	barman
        35-3011.00	barmaid
        35-3023.01	barista
        35-3023.00	fast food worker
        35-9031.00	host
        35-9031.00	hostess
        51-3011.00	baker
        51-3011.00	pastry chef
        51-3021.00	butcher
        37-2011.00	cleaner
        37-2011.00	janitor
        37-2011.00	caretaker
        37-2011.00	custodian
        37-2012.00	housekeeper
        37-2012.00	maid
        37-2012.00	room attendant
        37-3011.00	gardener
        37-3011.00	landscaper
        37-3011.00	groundskeeper
        37-2021.00	exterminator
        37-2021.00	pest controller
        39-5012.00	hairdresser
        39-5012.00	hair stylist
        39-5012.00	hairstylist
        39-5012.00	beautician
        39-5012.00	cosmetologist
        39-5011.00	barber
        39-5092.00	nail technician
        39-5094.00	esthetician
        39-5094.00	beauty therapist
        31-9011.00	masseuse
        31-9011.00	massage therapist
        47-2152.00	plumber
        47-2152.00	pipefitter
        47-2152.00	gas fitter
        47-2152.00	heating engineer
        47-2111.00	electrician
        47-2111.00	electrical contractor
        47-2111.00	sparky
        47-2031.00	carpenter
        47-2031.00	joiner
        47-2031.00	framer
        51-7011.00	cabinet maker
        47-2141.00	painter
        47-2141.00	decorator
        47-2141.00	painter and decorator
        47-2021.00	bricklayer
        47-2021.00	brickie
        47-2021.00	mason
        47-2181.00	roofer
        47-2044.00	tiler
        47-2081.00	drywaller
        47-2161.00	plasterer
        47-2121.00	glazier
        47-2061.00	labourer
        47-2061.00	laborer
        47-2061.00	construction worker
        47-2061.00	general laborer
        47-2073.00	digger driver
        47-2073.00	excavator operator
        47-2073.00	heavy equipment operator
        53-7021.00	crane operator
        49-9021.00	hvac
        49-9021.00	hvac technician
        49-9021.00	hvac engineer
        49-9021.00	air conditioning technician
        49-9021.00	refrigeration engineer
        49-9071.00	handyman
        49-9071.00	maintenance technician
        49-9071.00	maintenance worker
        49-9071.00	maintenance engineer
        49-9071.00	building maintenance
        49-3023.00	mechanic
        49-3023.00	car mechanic
        49-3023.00	auto mechanic
        49-3023.00	motor mechanic
        49-3023.00	vehicle technician
        49-3031.00	diesel mechanic
        49-3031.00	truck mechanic
        49-3021.00	panel beater
        49-3021.00	auto body technician
        49-3011.00	aircraft mechanic
        49-3011.00	aircraft engineer
        49-3011.00	a&p mechanic
        51-4121.00	welder
        51-4121.00	fabricator welder
        51-4041.00	machinist
        51-4041.00	cnc machinist
        51-9161.00	cnc operator
        51-9162.00	cnc programmer
        51-2092.00	assembler
        51-2092.00	assembly line worker
        51-2092.00	production line worker
        51-2092.00	factory worker
        51-9199.00	production operative
        51-9061.00	quality inspector
        51-9061.00	qc inspector
        19-4099.01	qc analyst
        19-4099.01	quality control analyst
        11-3051.01	quality manager
        11-3051.00	production manager
        11-3051.00	plant manager
        11-3051.00	factory manager
        51-1011.00	production supervisor
        51-1011.00	shift supervisor
        51-1011.00	shift manager
        17-2141.00	mechanical engineer
        17-2071.00	electrical engineer
        17-2051.00	civil engineer
        17-2051.00	structural engineer
        17-2112.00	industrial engineer
        17-2112.00	process engineer
        17-2112.03	manufacturing engineer
        17-2041.00	chemical engineer
        17-2011.00	aerospace engineer
        17-2011.00	aeronautical engineer
        17-2061.00	hardware engineer
        17-2072.00	electronics engineer
        17-2081.00	environmental engineer
        17-2031.00	biomedical engineer
        17-2199.08	robotics engineer
        17-2199.11	solar engineer
        17-2111.00	safety engineer
        17-3011.00	draftsman
        17-3011.00	cad technician
        17-3013.00	mechanical draftsman
        17-1011.00	architect
        17-1012.00	landscape architect
        17-1022.00	land surveyor
        17-1022.00	surveyor
        17-3022.00	civil engineering technician
        19-5011.00	health and safety officer
        19-5011.00	ehs specialist
        19-5011.00	hse officer
        19-2031.00	chemist
        19-1029.04	biologist
        19-1042.00	medical researcher
        19-1042.00	clinical scientist
        19-2012.00	physicist
        15-2041.00	statistician
        15-2011.00	actuary
        15-2031.00	operations research analyst
        19-3011.00	economist
        19-3051.00	urban planner
        19-3051.00	town planner
        53-3032.00	truck driver
        53-3032.00	lorry driver
        53-3032.00	hgv driver
        53-3032.00	trucker
        53-3032.00	cdl driver
        53-3033.00	delivery driver
        53-3033.00	van driver
        53-3033.00	courier driver
        53-3031.00	route driver
        53-3052.00	bus driver
        53-3051.00	school bus driver
        53-3054.00	taxi driver
        53-3054.00	cab driver
        53-3053.00	uber driver
        53-3053.00	rideshare driver
        53-3053.00	chauffeur
        53-2011.00	pilot
        53-2011.00	airline pilot
        53-2012.00	commercial pilot
        53-2012.00	helicopter pilot
        53-2031.00	flight attendant
        53-2031.00	cabin crew
        53-2031.00	air hostess
        53-2031.00	steward
        53-2021.00	air traffic controller
        53-7051.00	forklift driver
        53-7051.00	forklift operator
        53-7062.00	warehouse worker
        53-7062.00	warehouse operative
        53-7062.00	mover
        53-7062.00	loader
        53-7062.00	picker packer
        53-7065.00	stocker
        53-7065.00	shelf stacker
        53-7065.00	order picker
        43-5071.00	warehouse clerk
        43-5071.00	inventory clerk
        43-5071.00	shipping clerk
        43-5021.00	courier
        43-5021.00	bike messenger
        43-5052.00	postman
        43-5052.00	mail carrier
        43-5052.00	postal worker
        43-5032.00	dispatcher
        43-5031.00	911 dispatcher
        33-3051.00	police officer
        33-3051.00	cop
        33-3051.00	policeman
        33-3051.00	sheriff
        33-3021.00	detective
        33-2011.00	firefighter
        33-2011.00	fireman
        33-9032.00	security guard
        33-9032.00	security officer
        33-9032.00	bouncer
        33-3012.00	prison officer
        33-3012.00	correctional officer
        33-9092.00	lifeguard
        55-3016.00	soldier
        55-3016.00	infantryman
        55-1016.00	army officer
        45-2092.00	farm worker
        45-2092.00	farmhand
        11-9013.00	farmer
        11-9013.00	rancher
        39-2021.00	dog walker
        39-2021.00	pet sitter
        39-2021.00	kennel worker
        39-2011.00	dog trainer
        27-2042.00	musician
        27-2042.00	singer
        27-2042.00	guitarist
        27-2011.00	actor
        27-2011.00	actress
        27-2012.00	film director
        27-2012.00	producer
        27-4011.00	av technician
        27-4014.00	sound engineer
        27-4014.00	audio engineer
        27-3011.00	radio presenter
        27-3011.00	dj
        41-9022.00	realtor
        41-9022.00	estate agent
        41-9022.00	real estate agent
        41-3021.00	insurance agent
        41-3021.00	insurance broker
        41-3041.00	travel agent
        41-9041.00	telesales
        39-7011.00	tour guide
        39-6012.00	concierge
        43-4081.00	hotel receptionist
        43-4081.00	front desk agent
        39-4031.00	funeral director
        39-4031.00	undertaker
        21-2011.00	priest
        21-2011.00	pastor
        21-2011.00	minister
        21-2011.00	imam
        21-2011.00	rabbi
        11-1031.00	politician
        11-1031.00	mp
        11-9151.00	charity manager
        11-9151.00	nonprofit manager
        13-1131.00	fundraiser
        11-9161.00	emergency manager
        11-1021.00	manager
        11-9111.00	director of nursing
        11-9111.00	nurse manager
        11-9111.00	head of nursing
        29-1141.00	ward nurse
        """#

    /// Abbreviations and what they stand for, in the words of the titles that use them: a search for `hr`
    /// matches `hr` as a whole word and `human resources` (see `CareerSearchWords`).
    static let abbreviations: [String: String] = [
        "it": "information technology", "hr": "human resources", "qa": "quality assurance", "qc": "quality control",
        "ux": "user experience", "ui": "user interface", "ai": "artificial intelligence", "ml": "machine learning",
        "bi": "business intelligence", "pr": "public relations", "cnc": "computer numerically controlled",
        "hvac": "heating air conditioning", "emt": "emergency medical technician", "rn": "registered nurse",
        "lpn": "licensed practical nurse", "icu": "critical care", "er": "emergency", "pm": "project manager",
        "dba": "database administrator", "vp": "vice president", "gis": "geographic information systems",
        "ehs": "health and safety", "hse": "health and safety", "ot": "occupational therapist",
        "pt": "physical therapist", "ob": "obstetrician",
    ]
}
